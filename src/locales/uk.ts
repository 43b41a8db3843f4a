import type { Locale } from '../dialog/options.js';

/** Ukrainian. */
const uk: Locale = {
  lang: 'uk',
  title: 'Ваш сеанс незабаром завершиться',
  message: 'Час до автоматичного виходу із системи: {time}.',
  stayButton: 'Залишитися в системі',
  logoutButton: 'Вийти зараз',
  lifetimeTitle: 'Ваш сеанс завершується',
  lifetimeMessage:
    'З міркувань безпеки сеанс буде завершено в будь-якому разі, продовжити його неможливо. Час, що залишився: {time}. Збережіть свою роботу зараз.',
  closeButton: 'Закрити',
};
export default uk;
