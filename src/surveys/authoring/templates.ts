import type { Question } from './questions';

/** A survey shipped with the product. Sources are listed in docs/surveys.md. */
export interface SurveyTemplate {
  readonly id: string;
  readonly name: string;
  readonly summary: string;
  readonly source: string;
  readonly questions: readonly Question[];
}

const agreement = { kind: 'agreement' } as const;
const frequency = { kind: 'frequency' } as const;

/** NHS England's National Quarterly Pulse Survey: the nine engagement items, three per sub-theme. */
export const NQPS_ENGAGEMENT: SurveyTemplate = {
  id: 'nqps-engagement',
  name: 'NHS staff engagement (NQPS)',
  summary: 'The nine National Quarterly Pulse Survey engagement items: motivation, involvement and advocacy.',
  source: 'NHS England, National Quarterly Pulse Survey (NQPS) FAQs',
  questions: [
    { id: 'nqps1', text: 'I look forward to going to work.', scale: frequency, theme: 'motivation', required: true },
    { id: 'nqps2', text: 'I am enthusiastic about my job.', scale: frequency, theme: 'motivation', required: true },
    {
      id: 'nqps3',
      text: 'Time passes quickly when I am working.',
      scale: frequency,
      theme: 'motivation',
      required: true,
    },
    {
      id: 'nqps4',
      text: 'There are frequent opportunities for me to show initiative in my role.',
      scale: agreement,
      theme: 'involvement',
      required: true,
    },
    {
      id: 'nqps5',
      text: 'I am able to make suggestions to improve the work of my team / department.',
      scale: agreement,
      theme: 'involvement',
      required: true,
    },
    {
      id: 'nqps6',
      text: 'I am able to make improvements happen in my area of work.',
      scale: agreement,
      theme: 'involvement',
      required: true,
    },
    {
      id: 'nqps7',
      text: "Care of patients / service users is my organisation's top priority.",
      scale: agreement,
      theme: 'advocacy',
      required: true,
    },
    {
      id: 'nqps8',
      text: 'I would recommend my organisation as a place to work.',
      scale: agreement,
      theme: 'advocacy',
      required: true,
    },
    {
      id: 'nqps9',
      text: 'If a friend or relative needed treatment I would be happy with the standard of care provided by this organisation.',
      scale: agreement,
      theme: 'advocacy',
      required: true,
    },
  ],
};

/** The seven work-related items of the Copenhagen Burnout Inventory; item 7 is reverse-scored. */
export const CBI_WORK_BURNOUT: SurveyTemplate = {
  id: 'cbi-work-burnout',
  name: 'Work-related burnout (CBI)',
  summary:
    'The seven work-related burnout items of the Copenhagen Burnout Inventory, as carried by the NHS Staff Survey.',
  source: 'Kristensen et al., Copenhagen Burnout Inventory, work-related sub-scale (wording as tabled in PMC9358756)',
  questions: [
    {
      id: 'cbi1',
      text: 'Is your work emotionally exhausting?',
      scale: { kind: 'cbi-degree' },
      theme: 'burnout',
      required: true,
    },
    {
      id: 'cbi2',
      text: 'Do you feel burnt out because of your work?',
      scale: { kind: 'cbi-degree' },
      theme: 'burnout',
      required: true,
    },
    {
      id: 'cbi3',
      text: 'Does your work frustrate you?',
      scale: { kind: 'cbi-degree' },
      theme: 'burnout',
      required: true,
    },
    {
      id: 'cbi4',
      text: 'Do you feel worn out at the end of the working day?',
      scale: { kind: 'cbi-frequency' },
      theme: 'burnout',
      required: true,
    },
    {
      id: 'cbi5',
      text: 'Are you exhausted in the morning at the thought of another day at work?',
      scale: { kind: 'cbi-frequency' },
      theme: 'burnout',
      required: true,
    },
    {
      id: 'cbi6',
      text: 'Do you feel that every working hour is tiring for you?',
      scale: { kind: 'cbi-frequency' },
      theme: 'burnout',
      required: true,
    },
    {
      id: 'cbi7',
      text: 'Do you have enough energy for family and friends during leisure time?',
      scale: { kind: 'cbi-frequency' },
      theme: 'burnout',
      reverse: true,
      required: true,
    },
  ],
};

/** Our own items, aligned to the NHS People Promise ("we each have a voice that counts", "we are safe and healthy"). */
export const BELONGING_AND_VOICE: SurveyTemplate = {
  id: 'belonging-voice',
  name: 'Belonging and voice',
  summary: 'Belonging, psychological safety, wellbeing support and switching off, aligned to the NHS People Promise.',
  source: 'Staff Voice items aligned to the NHS People Promise (our wording)',
  questions: [
    {
      id: 'bv1',
      text: 'I feel a sense of belonging in my team.',
      scale: agreement,
      theme: 'belonging',
      required: true,
    },
    {
      id: 'bv2',
      text: 'I feel free to speak my mind without fear of negative consequences.',
      scale: agreement,
      theme: 'voice',
      required: true,
    },
    {
      id: 'bv3',
      text: 'My organisation takes a genuine interest in my wellbeing.',
      scale: agreement,
      theme: 'wellbeing',
      required: true,
    },
    {
      id: 'bv4',
      text: 'I am able to disconnect from work during non-work time.',
      scale: agreement,
      theme: 'wellbeing',
      required: true,
    },
  ],
};

/** Intention to stay. Agreeing with item 1 is unfavourable, so it is reversed for favourability. */
export const INTENTION_TO_STAY: SurveyTemplate = {
  id: 'intention-to-stay',
  name: 'Intention to stay',
  summary: 'Whether people are thinking of leaving, and what would keep them.',
  source: 'Staff Voice items (our wording; item 1 from the belonging and voice set)',
  questions: [
    {
      id: 'its1',
      text: 'I often think about leaving this organisation.',
      scale: agreement,
      theme: 'intention-to-stay',
      reverse: true,
      required: true,
    },
    {
      id: 'its2',
      text: "I would like to be working here in a year's time.",
      scale: agreement,
      theme: 'intention-to-stay',
      required: true,
    },
    {
      id: 'its3',
      text: 'What one change would make you more likely to stay?',
      scale: { kind: 'text', maxLength: 1000 },
      required: false,
    },
  ],
};

/** Sent about 30, 60 and 90 days after a person first installs the app. */
export const NEW_STARTER: SurveyTemplate = {
  id: 'new-starter',
  name: 'New-starter check-in',
  summary: 'A short check-in at about 30, 60 and 90 days: settling in, support and induction.',
  source: 'Staff Voice items (our wording)',
  questions: [
    { id: 'ns1', text: 'I feel welcomed by my team.', scale: agreement, theme: 'belonging', required: true },
    { id: 'ns2', text: 'I know who to go to for help.', scale: agreement, theme: 'support', required: true },
    {
      id: 'ns3',
      text: 'I have the equipment and access I need to do my job.',
      scale: agreement,
      theme: 'support',
      required: true,
    },
    { id: 'ns4', text: 'My induction prepared me for my role.', scale: agreement, theme: 'induction', required: true },
    {
      id: 'ns5',
      text: 'Is there anything that would help you settle in?',
      scale: { kind: 'text', maxLength: 1000 },
      required: false,
    },
  ],
};

/** Every template the product ships, by id. */
export const TEMPLATES: readonly SurveyTemplate[] = [
  NQPS_ENGAGEMENT,
  CBI_WORK_BURNOUT,
  BELONGING_AND_VOICE,
  INTENTION_TO_STAY,
  NEW_STARTER,
];

export function templateById(id: string): SurveyTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
