export * from './errors';
export * from './id-number';
export * from './common';
export * from './auth';
export * from './consent';
export * from './profile';
export * from './booking';
export * from './content';
