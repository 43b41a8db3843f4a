import type { Locale } from '../dialog/options.js';

/** Dutch. */
const nl: Locale = {
  lang: 'nl',
  title: 'Uw sessie verloopt binnenkort',
  message: 'U wordt over {time} afgemeld.',
  stayButton: 'Aangemeld blijven',
  logoutButton: 'Nu afmelden',
  lifetimeTitle: 'Uw sessie wordt beëindigd',
  lifetimeMessage: 'Om veiligheidsredenen wordt u over {time} afgemeld, wat u ook doet. Sla uw werk nu op.',
  closeButton: 'Sluiten',
};
export default nl;
