import {
  createTheme,
  defaultVariantColorsResolver,
  parseThemeColor,
  type CSSVariablesResolver,
  type MantineColorsTuple,
  type VariantColorsResolver,
} from '@mantine/core';

/**
 * Mantine's palettes with darker green, orange and yellow at the shades text and filled chips use, so PASS,
 * FAIL and warnings keep WCAG AA contrast (4.5:1) for small text at the bench.
 */
const green: MantineColorsTuple = ['#ebfbee', '#d3f9d8', '#b2f2bb', '#8ce99a', '#69db7c', '#40c057', '#2f9e44', '#237a36', '#1b6b2f', '#14552a'];
const yellow: MantineColorsTuple = ['#fff9db', '#fff3bf', '#ffec99', '#ffe066', '#ffd43b', '#fcc419', '#fab005', '#f59f00', '#b37400', '#7a5200'];
const orange: MantineColorsTuple = ['#fff4e6', '#ffe8cc', '#ffd8a8', '#ffc078', '#ffa94d', '#ff922b', '#e8590c', '#c44d0b', '#b34700', '#8f3900'];

/** Light, outline and subtle variants write their text in the colour's darkest shade. */
const variantColorResolver: VariantColorsResolver = (input) => {
  const base = defaultVariantColorsResolver(input);
  if (input.variant !== 'light' && input.variant !== 'outline' && input.variant !== 'subtle') return base;
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return base;
  const dark = `var(--mantine-color-${parsed.color}-9)`;
  return { ...base, color: dark, hoverColor: dark, ...(input.variant === 'outline' ? { border: `1px solid ${dark}` } : {}) };
};

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 5 },
  colors: { green, orange, yellow },
  autoContrast: true,
  variantColorResolver,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // Mantine's close buttons have no text of their own.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    // The description under a title is gray.6 by default (3.3:1 on white): gray.7 keeps AA contrast.
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      styles: { description: { color: 'var(--mantine-color-gray-7)' } },
    },
    // The show-password eye is reachable by Tab (Mantine leaves it out of the tab order by default).
    PasswordInput: { defaultProps: { visibilityToggleFocusable: true, visibilityToggleButtonProps: { 'aria-label': 'Show password' } } },
    // Chips in narrow table cells keep their whole word instead of an ellipsis.
    Badge: { styles: { root: { minWidth: 'max-content' } } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-placeholder': t.colors.gray[6],
    // Field errors (the message and the field's text) at AA contrast: Mantine's red.6 is 3.3:1 on white.
    '--mantine-color-error': t.colors.red[9],
  },
  dark: {},
});
