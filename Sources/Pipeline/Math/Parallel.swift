import Dispatch
import Foundation

/// Data parallelism over the machine's cores.
public enum Parallel {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var storedThreadCount: Int =
    defaultThreadCount()

  /// The number of threads `forEach` and the math kernels use: the
  /// environment variable NNPIPE_THREADS when it holds a positive integer,
  /// else the number of active cores. Set it to 1 for serial runs.
  public static var threadCount: Int {
    get {
      lock.lock()
      defer { lock.unlock() }
      return storedThreadCount
    }
    set {
      precondition(newValue >= 1, "[Parallel] threadCount \(newValue) < 1")
      lock.lock()
      storedThreadCount = newValue
      lock.unlock()
    }
  }

  private static func defaultThreadCount() -> Int {
    if let text = ProcessInfo.processInfo.environment["NNPIPE_THREADS"],
       let value = Int(text), value > 0 {
      return value
    }
    return Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
  }

  /// Calls `body(i)` for every `i` in `0..<count`, spread over
  /// `threadCount` threads, and returns when all calls have finished.
  ///
  /// Indices are dealt out in contiguous chunks, one per thread, so `body`
  /// should cost about the same for every index. Calls may run in any
  /// order and at the same time: `body` must only write what its index
  /// owns.
  public static func forEach(_ count: Int, _ body: (Int) -> Void) {
    forEach(count, threads: threadCount, body)
  }

  /// `forEach` with an explicit thread count instead of `threadCount`.
  public static func forEach(_ count: Int, threads: Int,
                             _ body: (Int) -> Void) {
    let workers = Swift.min(Swift.max(threads, 1), count)
    if workers <= 1 {
      for i in 0..<count { body(i) }
      return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      let start = count * worker / workers
      let end = count * (worker + 1) / workers
      for i in start..<end { body(i) }
    }
  }
}
