import { t, toggleLang } from '../model/i18n.ts';
import { Icon } from './icons.tsx';

export function LanguageToggle() {
  return (
    <button
      type="button"
      class="lang-toggle"
      data-testid="language-toggle"
      onClick={toggleLang}
      aria-label={t('language.switchLabel')}
    >
      <Icon name="globe" class="icon" />
      <span>{t('language.switch')}</span>
    </button>
  );
}
