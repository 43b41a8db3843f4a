import type { Locale } from '../dialog/options.js';

/** Catalan. */
const ca: Locale = {
  lang: 'ca',
  title: 'La sessió està a punt de caducar',
  message: "La sessió es tancarà d'aquí a {time}.",
  stayButton: 'Mantenir la sessió',
  logoutButton: 'Tancar la sessió ara',
  lifetimeTitle: "La sessió està a punt d'acabar",
  lifetimeMessage:
    "Per motius de seguretat, la sessió es tancarà d'aquí a {time}, faci el que faci. Desi la feina ara.",
  closeButton: 'Tancar',
};
export default ca;
