package dev.weblog.spark.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {

  private static final ExecutorService POOL = Concurrently.pool("concurrently-test");

  @Test
  void everyStepRunsAtTheSameTimeAndTheCallReturnsWhenAllAreDone() {
    // Each step waits for all three to have started: run one after another, they would time out.
    CountDownLatch started = new CountDownLatch(3);
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    Runnable step = () -> {
      threads.add(Thread.currentThread());
      started.countDown();
      try {
        assertTrue(started.await(10, TimeUnit.SECONDS), "the steps ran one after another");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    };
    Concurrently.run(List.of(step, step, step), POOL);
    assertEquals(0, started.getCount());
    assertTrue(threads.contains(Thread.currentThread()), "the first step runs on the caller: " + threads);
    assertEquals(3, threads.size(), threads.toString());
  }

  @Test
  void theFirstFailureInStepOrderIsThrownAfterEveryStepWasTried() {
    IllegalStateException first = new IllegalStateException("first");
    CountDownLatch lastDone = new CountDownLatch(1);
    Runnable fine = () -> {};
    Runnable failsLate = () -> {
      sleep(200);
      throw first;
    };
    Runnable failsEarly = () -> {
      throw new IllegalArgumentException("second");
    };
    Runnable slow = () -> {
      sleep(300);
      lastDone.countDown();
    };
    RuntimeException thrown = assertThrows(RuntimeException.class,
        () -> Concurrently.run(List.of(fine, failsLate, failsEarly, slow), POOL));
    assertSame(first, thrown, "in the steps' order, not the order they failed in");
    assertEquals(0, lastDone.getCount(), "every step finished before the call returned");
  }

  @Test
  void anInterruptedCallerStopsTheOtherStepsAndLeavesAnInterruption() throws Exception {
    CountDownLatch otherStarted = new CountDownLatch(1);
    CountDownLatch otherInterrupted = new CountDownLatch(1);
    Runnable blocks = () -> {
      otherStarted.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        otherInterrupted.countDown();
      }
    };
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        Concurrently.run(List.of(() -> {}, blocks), POOL);
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    caller.start();
    assertTrue(otherStarted.await(10, TimeUnit.SECONDS));
    caller.interrupt();
    caller.join(10_000);
    UncheckedIOException stop = assertInstanceOf(UncheckedIOException.class, outcome.get());
    assertInstanceOf(InterruptedIOException.class, stop.getCause());
    assertTrue(otherInterrupted.await(10, TimeUnit.SECONDS), "the blocked step was interrupted");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
