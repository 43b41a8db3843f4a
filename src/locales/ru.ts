import type { Locale } from '../dialog/options.js';

/** Russian. */
const ru: Locale = {
  lang: 'ru',
  title: 'Ваш сеанс скоро завершится',
  message: 'Время до автоматического выхода из системы: {time}.',
  stayButton: 'Остаться в системе',
  logoutButton: 'Выйти сейчас',
  lifetimeTitle: 'Ваш сеанс завершается',
  lifetimeMessage:
    'В целях безопасности сеанс будет завершён в любом случае, продлить его нельзя. Оставшееся время: {time}. Сохраните свою работу сейчас.',
  closeButton: 'Закрыть',
};
export default ru;
