import type { Locale } from '../dialog/options.js';

/** German. */
const de: Locale = {
  lang: 'de',
  title: 'Ihre Sitzung läuft bald ab',
  message: 'Sie werden in {time} abgemeldet.',
  stayButton: 'Angemeldet bleiben',
  logoutButton: 'Jetzt abmelden',
  lifetimeTitle: 'Ihre Sitzung endet',
  lifetimeMessage:
    'Aus Sicherheitsgründen werden Sie in {time} abgemeldet, unabhängig davon, was Sie tun. Bitte speichern Sie jetzt Ihre Arbeit.',
  closeButton: 'Schließen',
};
export default de;
