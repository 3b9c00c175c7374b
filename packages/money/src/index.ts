export * from './amount.js';
export * from './currency.js';
export * from './display.js';
