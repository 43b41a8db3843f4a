import type { Locale } from '../dialog/options.js';

/** French. */
const fr: Locale = {
  lang: 'fr',
  title: 'Votre session va bientôt expirer',
  message: 'Déconnexion automatique dans {time}.',
  stayButton: 'Prolonger la session',
  logoutButton: 'Se déconnecter maintenant',
  lifetimeTitle: 'Votre session se termine',
  lifetimeMessage:
    'Pour des raisons de sécurité, votre session prendra fin dans {time}, quoi que vous fassiez. Enregistrez votre travail dès maintenant.',
  closeButton: 'Fermer',
};
export default fr;
