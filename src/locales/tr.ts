import type { Locale } from '../dialog/options.js';

/** Turkish. */
const tr: Locale = {
  lang: 'tr',
  title: 'Oturumunuzun süresi dolmak üzere',
  message: 'Oturumunuz {time} sonra kapatılacak.',
  stayButton: 'Oturumu açık tut',
  logoutButton: 'Şimdi çıkış yap',
  lifetimeTitle: 'Oturumunuz sona eriyor',
  lifetimeMessage:
    'Güvenliğiniz için oturumunuz, ne yaparsanız yapın, {time} sonra kapatılacak. Lütfen çalışmanızı şimdi kaydedin.',
  closeButton: 'Kapat',
};
export default tr;
