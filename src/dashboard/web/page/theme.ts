import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import { createContext, useContext } from 'react';

/** The theme names the page knows: Teams' own three ("default" is Teams' word for light). */
export type ThemeName = 'light' | 'dark' | 'contrast';

/** Teams' own Fluent themes, by the name Teams gives them. */
export const THEMES: Readonly<Record<ThemeName, Theme>> = {
  light: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

export const THEME_LABELS: Readonly<Record<ThemeName, string>> = {
  light: 'Light',
  dark: 'Dark',
  contrast: 'High contrast',
};

export const ThemeContext = createContext<ThemeName>('light');

/** The theme's colours, for what Fluent's CSS variables cannot reach (a chart's canvas). */
export function useThemeColours(): Theme {
  return THEMES[useContext(ThemeContext)];
}

/**
 * Colours for a chart's series, and a dash and point shape for each: in high contrast every series is the same
 * colour, and colour alone must never be what tells two lines apart (WCAG 1.4.1).
 */
export function seriesStyles(theme: Theme) {
  const colours = [
    theme.colorBrandForeground1,
    theme.colorPaletteDarkOrangeForeground2,
    theme.colorPaletteTealForeground2,
    theme.colorPaletteBerryForeground2,
    theme.colorPaletteMarigoldForeground2,
    theme.colorPaletteBlueForeground2,
  ];
  const dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 1], [8, 8]];
  const points = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot'] as const;
  return (i: number) => ({
    colour: colours[i % colours.length] ?? theme.colorNeutralForeground1,
    dash: dashes[i % dashes.length] ?? [],
    point: points[i % points.length] ?? 'circle',
  });
}
