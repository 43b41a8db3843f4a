import type { Locale } from '../dialog/options.js';

/** Danish. */
const da: Locale = {
  lang: 'da',
  title: 'Din session udløber snart',
  message: 'Du bliver logget ud om {time}.',
  stayButton: 'Forbliv logget ind',
  logoutButton: 'Log ud nu',
  lifetimeTitle: 'Din session slutter',
  lifetimeMessage: 'Af sikkerhedshensyn bliver du logget ud om {time}, uanset hvad du gør. Gem dit arbejde nu.',
  closeButton: 'Luk',
};
export default da;
