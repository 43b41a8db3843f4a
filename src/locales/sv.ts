import type { Locale } from '../dialog/options.js';

/** Swedish. */
const sv: Locale = {
  lang: 'sv',
  title: 'Din session går snart ut',
  message: 'Du loggas ut om {time}.',
  stayButton: 'Förbli inloggad',
  logoutButton: 'Logga ut nu',
  lifetimeTitle: 'Din session avslutas',
  lifetimeMessage: 'Av säkerhetsskäl loggas du ut om {time}, vad du än gör. Spara ditt arbete nu.',
  closeButton: 'Stäng',
};
export default sv;
