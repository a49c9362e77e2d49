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

  /// The environment variable that sets `threadCount`.
  public static let threadsVariable = "NNPIPE_THREADS"

  private static func defaultThreadCount() -> Int {
    let text = ProcessInfo.processInfo.environment[threadsVariable]
    if let value = try? threadCount(environmentValue: text) {
      return value
    }
    return Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
  }

  /// The thread count a value of NNPIPE_THREADS sets: nil when unset;
  /// anything but a positive integer is a usage error (the command line
  /// checks it before running, so that a typo does not pass unnoticed).
  public static func threadCount(environmentValue text: String?) throws
    -> Int?
  {
    guard let text else { return nil }
    guard let value = Int(text), value > 0 else {
      throw StageError.usage(
        "\(threadsVariable)=\(text) is not a positive number of threads")
    }
    return value
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
