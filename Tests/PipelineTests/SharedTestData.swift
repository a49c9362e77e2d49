import XCTest

/// Where the shared data sets (/work/shared/data) are, for tests that read
/// them.
enum SharedTestData {
    /// The data directory, found in this order: `../shared/data` beside the
    /// package root, `$NNPIPE_SHARED_DATA`, `/work/shared/data`.
    static let directory: String? = {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // PipelineTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        let candidates: [String?] = [
            packageRoot.deletingLastPathComponent()
                .appendingPathComponent("shared/data").path,
            ProcessInfo.processInfo.environment["NNPIPE_SHARED_DATA"],
            "/work/shared/data",
        ]
        return candidates.compactMap { $0 }.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }()

    /// The path of `relativePath` inside the data directory; skips the
    /// test when the directory or the file is absent.
    static func path(_ relativePath: String) throws -> String {
        guard let directory else {
            throw XCTSkip(
                "…/shared/data not found: looked beside the package, in "
                    + "$NNPIPE_SHARED_DATA and at /work/shared/data")
        }
        let path = directory + "/" + relativePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("…/shared/data/\(relativePath) not found: \(path)")
        }
        return path
    }
}
