import type { Locale } from '../dialog/options.js';

/** Spanish. */
const es: Locale = {
  lang: 'es',
  title: 'Su sesión está a punto de caducar',
  message: 'Su sesión se cerrará en {time}.',
  stayButton: 'Mantener la sesión',
  logoutButton: 'Cerrar sesión ahora',
  lifetimeTitle: 'Su sesión va a finalizar',
  lifetimeMessage:
    'Por motivos de seguridad, su sesión se cerrará en {time}, haga lo que haga. Guarde su trabajo ahora.',
  closeButton: 'Cerrar',
};
export default es;
