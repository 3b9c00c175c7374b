// The messages of each language, one JSON file per namespace (apps/web/messages/<locale>/<namespace>.json),
// merged here. Add a namespace: its three files, and one line per language below.
import enAccounts from '../../messages/en/accounts.json';
import enAgents from '../../messages/en/agents.json';
import enApiKeys from '../../messages/en/apiKeys.json';
import enApprovals from '../../messages/en/approvals.json';
import enAuth from '../../messages/en/auth.json';
import enCommon from '../../messages/en/common.json';
import enDisputes from '../../messages/en/disputes.json';
import enErrors from '../../messages/en/errors.json';
import enEvents from '../../messages/en/events.json';
import enLabels from '../../messages/en/labels.json';
import enLanguage from '../../messages/en/language.json';
import enNotifications from '../../messages/en/notifications.json';
import enOverview from '../../messages/en/overview.json';
import enPages from '../../messages/en/pages.json';
import enRefunds from '../../messages/en/refunds.json';
import enReviews from '../../messages/en/reviews.json';
import enSchedules from '../../messages/en/schedules.json';
import enSearch from '../../messages/en/search.json';
import enSettings from '../../messages/en/settings.json';
import enShell from '../../messages/en/shell.json';
import enStreams from '../../messages/en/streams.json';
import enTables from '../../messages/en/tables.json';
import enTeam from '../../messages/en/team.json';
import enTransfers from '../../messages/en/transfers.json';
import enVerbs from '../../messages/en/verbs.json';
import enWebhooks from '../../messages/en/webhooks.json';
import esAccounts from '../../messages/es-419/accounts.json';
import esAgents from '../../messages/es-419/agents.json';
import esApiKeys from '../../messages/es-419/apiKeys.json';
import esApprovals from '../../messages/es-419/approvals.json';
import esAuth from '../../messages/es-419/auth.json';
import esCommon from '../../messages/es-419/common.json';
import esDisputes from '../../messages/es-419/disputes.json';
import esErrors from '../../messages/es-419/errors.json';
import esEvents from '../../messages/es-419/events.json';
import esLabels from '../../messages/es-419/labels.json';
import esLanguage from '../../messages/es-419/language.json';
import esNotifications from '../../messages/es-419/notifications.json';
import esOverview from '../../messages/es-419/overview.json';
import esPages from '../../messages/es-419/pages.json';
import esRefunds from '../../messages/es-419/refunds.json';
import esReviews from '../../messages/es-419/reviews.json';
import esSchedules from '../../messages/es-419/schedules.json';
import esSearch from '../../messages/es-419/search.json';
import esSettings from '../../messages/es-419/settings.json';
import esShell from '../../messages/es-419/shell.json';
import esStreams from '../../messages/es-419/streams.json';
import esTables from '../../messages/es-419/tables.json';
import esTeam from '../../messages/es-419/team.json';
import esTransfers from '../../messages/es-419/transfers.json';
import esVerbs from '../../messages/es-419/verbs.json';
import esWebhooks from '../../messages/es-419/webhooks.json';
import ptAccounts from '../../messages/pt-BR/accounts.json';
import ptAgents from '../../messages/pt-BR/agents.json';
import ptApiKeys from '../../messages/pt-BR/apiKeys.json';
import ptApprovals from '../../messages/pt-BR/approvals.json';
import ptAuth from '../../messages/pt-BR/auth.json';
import ptCommon from '../../messages/pt-BR/common.json';
import ptDisputes from '../../messages/pt-BR/disputes.json';
import ptErrors from '../../messages/pt-BR/errors.json';
import ptEvents from '../../messages/pt-BR/events.json';
import ptLabels from '../../messages/pt-BR/labels.json';
import ptLanguage from '../../messages/pt-BR/language.json';
import ptNotifications from '../../messages/pt-BR/notifications.json';
import ptOverview from '../../messages/pt-BR/overview.json';
import ptPages from '../../messages/pt-BR/pages.json';
import ptRefunds from '../../messages/pt-BR/refunds.json';
import ptReviews from '../../messages/pt-BR/reviews.json';
import ptSchedules from '../../messages/pt-BR/schedules.json';
import ptSearch from '../../messages/pt-BR/search.json';
import ptSettings from '../../messages/pt-BR/settings.json';
import ptShell from '../../messages/pt-BR/shell.json';
import ptStreams from '../../messages/pt-BR/streams.json';
import ptTables from '../../messages/pt-BR/tables.json';
import ptTeam from '../../messages/pt-BR/team.json';
import ptTransfers from '../../messages/pt-BR/transfers.json';
import ptVerbs from '../../messages/pt-BR/verbs.json';
import ptWebhooks from '../../messages/pt-BR/webhooks.json';
import type { Locale } from './locales';

const en = {
  accounts: enAccounts,
  agents: enAgents,
  approvals: enApprovals,
  auth: enAuth,
  common: enCommon,
  disputes: enDisputes,
  errors: enErrors,
  events: enEvents,
  labels: enLabels,
  language: enLanguage,
  notifications: enNotifications,
  overview: enOverview,
  pages: enPages,
  refunds: enRefunds,
  reviews: enReviews,
  schedules: enSchedules,
  search: enSearch,
  settings: enSettings,
  shell: enShell,
  streams: enStreams,
  tables: enTables,
  transfers: enTransfers,
  verbs: enVerbs,
  team: enTeam,
  apiKeys: enApiKeys,
  webhooks: enWebhooks,
};

/** English is the reference: every language has exactly its keys (checked by messages.test.ts). */
export type Messages = typeof en;

export const MESSAGES: Record<Locale, Messages> = {
  en,
  'es-419': {
    accounts: esAccounts,
    agents: esAgents,
    approvals: esApprovals,
    auth: esAuth,
    common: esCommon,
    disputes: esDisputes,
    errors: esErrors,
    events: esEvents,
    labels: esLabels,
    language: esLanguage,
    notifications: esNotifications,
    overview: esOverview,
    pages: esPages,
    refunds: esRefunds,
    reviews: esReviews,
    schedules: esSchedules,
    search: esSearch,
    settings: esSettings,
    shell: esShell,
    streams: esStreams,
    tables: esTables,
    transfers: esTransfers,
    verbs: esVerbs,
    team: esTeam,
    apiKeys: esApiKeys,
    webhooks: esWebhooks,
  },
  'pt-BR': {
    accounts: ptAccounts,
    agents: ptAgents,
    approvals: ptApprovals,
    auth: ptAuth,
    common: ptCommon,
    disputes: ptDisputes,
    errors: ptErrors,
    events: ptEvents,
    labels: ptLabels,
    language: ptLanguage,
    notifications: ptNotifications,
    overview: ptOverview,
    pages: ptPages,
    refunds: ptRefunds,
    reviews: ptReviews,
    schedules: ptSchedules,
    search: ptSearch,
    settings: ptSettings,
    shell: ptShell,
    streams: ptStreams,
    tables: ptTables,
    transfers: ptTransfers,
    verbs: ptVerbs,
    team: ptTeam,
    apiKeys: ptApiKeys,
    webhooks: ptWebhooks,
  },
};
