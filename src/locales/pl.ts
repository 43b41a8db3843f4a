import type { Locale } from '../dialog/options.js';

/** Polish. */
const pl: Locale = {
  lang: 'pl',
  title: 'Sesja wkrótce wygaśnie',
  message: 'Czas do automatycznego wylogowania: {time}.',
  stayButton: 'Przedłuż sesję',
  logoutButton: 'Wyloguj teraz',
  lifetimeTitle: 'Sesja dobiega końca',
  lifetimeMessage:
    'Ze względów bezpieczeństwa sesja zostanie zakończona bez względu na aktywność i nie można jej przedłużyć. Pozostały czas: {time}. Zapisz teraz swoją pracę.',
  closeButton: 'Zamknij',
};
export default pl;
