import type { Locale } from '../dialog/options.js';

/** Portuguese (Portugal); also Portuguese without a region, and of the other regions. */
const ptPT: Locale = {
  lang: 'pt-PT',
  title: 'A sua sessão está prestes a expirar',
  message: 'A sua sessão será terminada dentro de {time}.',
  stayButton: 'Manter a sessão ativa',
  logoutButton: 'Terminar sessão agora',
  lifetimeTitle: 'A sua sessão está a terminar',
  lifetimeMessage:
    'Por motivos de segurança, a sua sessão será terminada dentro de {time}, faça o que fizer. Guarde o seu trabalho agora.',
  closeButton: 'Fechar',
};
export default ptPT;
