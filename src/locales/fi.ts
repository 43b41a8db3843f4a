import type { Locale } from '../dialog/options.js';

/** Finnish. */
const fi: Locale = {
  lang: 'fi',
  title: 'Istunto vanhenee pian',
  message: 'Aikaa automaattiseen uloskirjautumiseen: {time}.',
  stayButton: 'Pysy kirjautuneena',
  logoutButton: 'Kirjaudu ulos nyt',
  lifetimeTitle: 'Istunto päättyy',
  lifetimeMessage:
    'Tietoturvasyistä istunto päättyy joka tapauksessa, eikä sitä voi jatkaa. Aikaa jäljellä: {time}. Tallenna työsi nyt.',
  closeButton: 'Sulje',
};
export default fi;
