import type { Locale } from '../dialog/options.js';

/** Norwegian Bokmål; also no and nn. */
const nb: Locale = {
  lang: 'nb',
  title: 'Økten din utløper snart',
  message: 'Du blir logget ut om {time}.',
  stayButton: 'Forbli pålogget',
  logoutButton: 'Logg ut nå',
  lifetimeTitle: 'Økten din avsluttes',
  lifetimeMessage: 'Av sikkerhetshensyn blir du logget ut om {time}, uansett hva du gjør. Lagre arbeidet ditt nå.',
  closeButton: 'Lukk',
};
export default nb;
