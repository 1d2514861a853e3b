package dev.docsauth.keycloak.signals;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a task on an executor when asked, with at most one run waiting: requests made while a run waits are served
 * by it, and a request made once a run has started queues the next one. For the outbox's delivery, asked after
 * every commit that wrote a row: a run drains every row due when it starts, so one waiting run serves every commit
 * before it. Without this, a burst of sign-outs queued one run per commit on the delivery's single thread, each a
 * transaction of its own, and the rows waited behind hundreds of runs that found nothing (bench/signals).
 */
final class CoalescingTrigger {

    private final Executor executor;
    private final Runnable task;
    private final AtomicBoolean waiting = new AtomicBoolean();

    CoalescingTrigger(Executor executor, Runnable task) {
        this.executor = executor;
        this.task = task;
    }

    /** Asks for a run that starts after this call. */
    void request() {
        if (waiting.compareAndSet(false, true)) {
            executor.execute(this::run);
        }
    }

    private void run() {
        waiting.set(false); // from here on, a new request needs a new run: this one may have read its rows already
        task.run();
    }
}
