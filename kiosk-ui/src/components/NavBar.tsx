import { t } from '../model/i18n.ts';
import { type Screen, screen, show } from '../model/screen.ts';
import { Icon, type IconName } from './icons.tsx';

const ITEMS: { screen: Screen; icon: IconName }[] = [
  { screen: 'home', icon: 'home' },
  { screen: 'events', icon: 'calendar' },
  { screen: 'walk-in', icon: 'hand' },
  { screen: 'report', icon: 'alert' },
  { screen: 'more', icon: 'pin' },
];

/** Five big buttons, always in the same place: the whole kiosk is one tap away. */
export function NavBar() {
  const current = screen.value;
  return (
    <nav class="nav" aria-label={t('nav.label')}>
      {ITEMS.map((item) => (
        <button
          key={item.screen}
          type="button"
          class={item.screen === current ? 'nav-item is-current' : 'nav-item'}
          data-testid={`nav-${item.screen}`}
          aria-current={item.screen === current ? 'page' : undefined}
          onClick={() => show(item.screen)}
        >
          <Icon name={item.icon} class="nav-icon" />
          <span>{t(`nav.${item.screen}`)}</span>
        </button>
      ))}
    </nav>
  );
}
