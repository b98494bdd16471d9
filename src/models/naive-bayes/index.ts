export { GAUSSIAN_NB_SPECS, GaussianNB, type GaussianNBParams, type GaussianNBState } from './gaussian-nb.js';
