// Mocha's spec output for people, plus the run's counts written to $JAILS_TEST_STATS for scripts/test-all.mjs,
// which sums every layer into one closing line. Pending (skipped) tests count as failures there: a skipped
// test hides a result.
const Mocha = require('mocha');
const fs = require('node:fs');

class CountingSpecReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.JAILS_TEST_STATS;
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending }));
    });
  }
}

module.exports = CountingSpecReporter;
