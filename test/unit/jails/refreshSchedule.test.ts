import { strict as assert } from 'node:assert';
import { RefreshSchedule, Timers } from '../../../src/core/jails/refreshSchedule';

/** Timers the test advances by hand. */
class ManualTimers implements Timers {
  now = 0;
  private pending: { at: number; callback: () => void; handle: number }[] = [];
  private next = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.next++;
    this.pending.push({ at: this.now + ms, callback, handle });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.now = due.at;
      due.callback();
    }
    this.now = end;
  }
}

describe('the refresh schedule', () => {
  const setUp = () => {
    const timers = new ManualTimers();
    let refreshes = 0;
    const schedule = new RefreshSchedule(() => { refreshes += 1; }, 300, timers);
    return { timers, schedule, count: () => refreshes };
  };

  it('polls only while the view is visible', () => {
    const { timers, schedule, count } = setUp();
    schedule.setInterval(30_000);
    timers.advance(120_000);
    assert.equal(count(), 0, 'hidden: no poll');
    schedule.setVisible(true);
    timers.advance(300);
    assert.equal(count(), 1, 'shown: one refresh at once');
    timers.advance(60_000);
    assert.equal(count(), 3);
    schedule.setVisible(false);
    timers.advance(120_000);
    assert.equal(count(), 3);
  });

  it('does not poll at interval 0, but still serves requests', () => {
    const { timers, schedule, count } = setUp();
    schedule.setVisible(true);
    schedule.setInterval(0);
    timers.advance(600_000);
    assert.equal(count(), 0);
    schedule.request();
    timers.advance(300);
    assert.equal(count(), 1);
  });

  it('coalesces requests within the debounce, and stops when disposed', () => {
    const { timers, schedule, count } = setUp();
    schedule.request();
    timers.advance(100);
    schedule.request();
    schedule.request();
    timers.advance(300);
    assert.equal(count(), 1);
    schedule.request();
    schedule.dispose();
    timers.advance(1000);
    assert.equal(count(), 1);
  });
});
