import type { Locale } from '../dialog/options.js';

/** Italian. */
const it: Locale = {
  lang: 'it',
  title: 'La sessione sta per scadere',
  message: 'La sessione verrà chiusa tra {time}.',
  stayButton: 'Prolunga la sessione',
  logoutButton: 'Esci ora',
  lifetimeTitle: 'La sessione sta per terminare',
  lifetimeMessage:
    'Per motivi di sicurezza, la sessione verrà chiusa tra {time} in ogni caso. Si consiglia di salvare subito il lavoro.',
  closeButton: 'Chiudi',
};
export default it;
