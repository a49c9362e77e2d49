import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// What a finished process left: exit status and everything it wrote.
struct ProcessResult {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

/// The package root, found from this file's path (Tests/CLITests/…).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The nnpipe binary that `swift build` put next to the test bundle (the
/// build products directory); NNPIPE_BINARY overrides it.
func nnpipeExecutable() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["NNPIPE_BINARY"] {
        return URL(fileURLWithPath: path)
    }
    var directories = Bundle.allBundles.flatMap { bundle in
        [bundle.bundleURL, bundle.bundleURL.deletingLastPathComponent()]
    }
    if let executable = Bundle.main.executableURL {
        directories.append(executable.deletingLastPathComponent())
    }
    for directory in directories {
        let candidate = directory.appendingPathComponent("nnpipe")
        if FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
    }
    throw XCTSkip(
        "no nnpipe binary next to the test bundle (looked in "
            + directories.map(\.path).joined(separator: ", ")
            + "); run swift build first or set NNPIPE_BINARY")
}

/// Runs nnpipe with `arguments`, feeding `stdin`; fails the test instead
/// of hanging when it runs past `timeout` seconds.
func runNnpipe(
    _ arguments: [String], stdin: [UInt8] = [],
    environment: [String: String] = [:], timeout: TimeInterval = 60,
    file: StaticString = #filePath, line: UInt = #line
) throws -> ProcessResult {
    try runProcess(
        nnpipeExecutable(), arguments, stdin: stdin,
        environment: environment, timeout: timeout, file: file, line: line)
}

/// Runs nnpipe and checks its exit status and its exact stderr and stdout.
func assertRun(
    _ arguments: [String], stdin: [UInt8] = [],
    environment: [String: String] = [:],
    status: Int32, stderr: String, stdout: String = "",
    file: StaticString = #filePath, line: UInt = #line
) throws {
    let result = try runNnpipe(
        arguments, stdin: stdin, environment: environment,
        file: file, line: line)
    XCTAssertEqual(result.status, status, "exit status", file: file,
                   line: line)
    XCTAssertEqual(result.stderr, stderr, file: file, line: line)
    XCTAssertEqual(result.stdoutText, stdout, file: file, line: line)
}

/// Runs `script` with /bin/sh -c; $NNPIPE names the nnpipe binary and $1,
/// $2, ... are `arguments`.
func runShell(
    _ script: String, _ arguments: [String] = [], stdin: [UInt8] = [],
    environment: [String: String] = [:], timeout: TimeInterval = 60,
    file: StaticString = #filePath, line: UInt = #line
) throws -> ProcessResult {
    var environment = environment
    environment["NNPIPE"] = try nnpipeExecutable().path
    return try runProcess(
        URL(fileURLWithPath: "/bin/sh"), ["-c", script, "sh"] + arguments,
        stdin: stdin, environment: environment, timeout: timeout,
        file: file, line: line)
}

/// Runs an executable with pipes on stdin, stdout and stderr.
func runProcess(
    _ executable: URL, _ arguments: [String], stdin: [UInt8] = [],
    environment: [String: String] = [:], timeout: TimeInterval = 60,
    file: StaticString = #filePath, line: UInt = #line
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment
        .merging(environment) { $1 }
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    // The child starts with SIGPIPE at its default, as under a shell (an
    // ignored signal would be inherited and hide a missing handler); then
    // we ignore it, so that writing to a child that exited before reading
    // its input gives EPIPE instead of killing the test process.
    signal(SIGPIPE, SIG_DFL)
    try process.run()
    signal(SIGPIPE, SIG_IGN)

    // Write and read at once, so that a child that fills a pipe while we
    // are still writing does not deadlock; every transfer gives up at the
    // deadline, so a child (or grandchild) holding a pipe open cannot hang
    // the test either.
    let deadline = Date() + timeout + 5
    final class Box: @unchecked Sendable {
        var bytes: [UInt8] = []
        var complete = false
    }
    let stdout = Box()
    let stderr = Box()
    let group = DispatchGroup()
    for (pipe, box) in [(output, stdout), (errors, stderr)] {
        DispatchQueue.global().async(group: group) {
            (box.bytes, box.complete) = readToEnd(
                pipe.fileHandleForReading.fileDescriptor, until: deadline)
        }
    }
    DispatchQueue.global().async(group: group) {
        writeAll(stdin, to: input.fileHandleForWriting.fileDescriptor,
                 until: deadline)
        try? input.fileHandleForWriting.close()
    }

    if exited.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()
        _ = exited.wait(timeout: .now() + 5)
        XCTFail(
            "\(executable.lastPathComponent) \(arguments) ran past \(timeout) s",
            file: file, line: line)
    }
    group.wait()
    if !stdout.complete || !stderr.complete {
        XCTFail(
            "\(executable.lastPathComponent) \(arguments): output pipes "
                + "stayed open", file: file, line: line)
    }
    return ProcessResult(
        status: process.terminationStatus, stdout: stdout.bytes,
        stderr: String(decoding: stderr.bytes, as: UTF8.self))
}

/// Reads `fd` to its end; false when `deadline` came first.
private func readToEnd(
    _ fd: Int32, until deadline: Date
) -> ([UInt8], Bool) {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while Date() < deadline {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 100) > 0 else { continue }
        let n = read(fd, &buffer, buffer.count)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return (bytes, true) }
        bytes += buffer[..<n]
    }
    return (bytes, false)
}

/// Writes `bytes` to `fd` until done, the reader goes away (EPIPE) or
/// `deadline` comes.
private func writeAll(_ bytes: [UInt8], to fd: Int32, until deadline: Date) {
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    var offset = 0
    while offset < bytes.count && Date() < deadline {
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, 100) > 0 else { continue }
        let n = bytes[offset...].withUnsafeBytes {
            write(fd, $0.baseAddress, $0.count)
        }
        if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
        if n <= 0 { return }
        offset += n
    }
}

/// A fresh directory for one test's files, removed at the end of the test.
func temporaryDirectory(for test: XCTestCase) throws -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("nnpipe-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
        at: directory, withIntermediateDirectories: true)
    test.addTeardownBlock {
        try? FileManager.default.removeItem(at: directory)
    }
    return directory
}

/// The shared data directory: $NNPIPE_SHARED_DATA, else ../shared/data
/// beside the package (or beside its parent, for a worktree in /work/wt),
/// else /work/shared/data. Skips the test when none exists.
func sharedDataDirectory() throws -> URL {
    var candidates: [URL] = []
    if let path = ProcessInfo.processInfo.environment["NNPIPE_SHARED_DATA"] {
        candidates.append(URL(fileURLWithPath: path))
    }
    let parent = packageRoot.deletingLastPathComponent()
    candidates += [
        parent.appendingPathComponent("shared/data"),
        parent.deletingLastPathComponent().appendingPathComponent("shared/data"),
        URL(fileURLWithPath: "/work/shared/data"),
    ]
    var isDirectory: ObjCBool = false
    for candidate in candidates
    where FileManager.default.fileExists(
        atPath: candidate.path, isDirectory: &isDirectory) && isDirectory.boolValue
    {
        return candidate.standardizedFileURL
    }
    throw XCTSkip(
        "shared data not found (looked in "
            + candidates.map(\.path).joined(separator: ", ")
            + "); set NNPIPE_SHARED_DATA to the data directory")
}

/// A file under the shared data directory; skips the test when missing.
func sharedDataFile(_ relativePath: String) throws -> URL {
    let url = try sharedDataDirectory().appendingPathComponent(relativePath)
    guard FileManager.default.fileExists(atPath: url.path) else {
        throw XCTSkip("\(relativePath) is not in \(url.deletingLastPathComponent().path)")
    }
    return url
}

/// The path of an executable on PATH, or nil.
func findOnPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}
