export * from './amount.js';
export * from './currency.js';
