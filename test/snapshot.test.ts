import { ENVIRONMENT_NAMES, synth } from './support/synth';

// The whole output of each environment. A change here must be read line by line before the
// snapshot is updated (`npx jest -u`): every difference should be explained by the change made.
test.each(ENVIRONMENT_NAMES)('%s: whole output', (env) => {
  expect(synth(env).charts).toMatchSnapshot();
});
