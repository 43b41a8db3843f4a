import type { Locale } from '../dialog/options.js';

/** Czech. */
const cs: Locale = {
  lang: 'cs',
  title: 'Vaše relace brzy vyprší',
  message: 'Čas do automatického odhlášení: {time}.',
  stayButton: 'Prodloužit relaci',
  logoutButton: 'Odhlásit se nyní',
  lifetimeTitle: 'Vaše relace končí',
  lifetimeMessage:
    'Z bezpečnostních důvodů bude relace ukončena bez ohledu na vaši aktivitu a nelze ji prodloužit. Zbývající čas: {time}. Uložte si prosím svou práci.',
  closeButton: 'Zavřít',
};
export default cs;
