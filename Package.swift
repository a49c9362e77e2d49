// swift-tools-version:5.9
import Foundation
import PackageDescription

// The fast build targets Haswell-class CPUs (x86-64-v3: AVX2 + FMA) so that SIMD fused
// multiply-adds compile to vfmadd instructions instead of calls into libm.
// NNPIPE_PORTABLE=1 builds for the baseline x86-64 CPU instead: it runs on
// any x86-64 machine, more slowly, and `nnpipe --version` says so.
let portable = ProcessInfo.processInfo.environment["NNPIPE_PORTABLE"] != nil
#if arch(x86_64)
let cpuFlags: [SwiftSetting] = portable
    ? [.define("NNPIPE_PORTABLE")]
    : [.unsafeFlags(["-target-cpu", "haswell"])]
let cCPUFlags: [CSetting] = portable ? [] : [.unsafeFlags(["-march=x86-64-v3"])]
#else
let cpuFlags: [SwiftSetting] = []
let cCPUFlags: [CSetting] = []
#endif

let package = Package(
    name: "nnpipe",
    products: [
        .executable(name: "nnpipe", targets: ["nnpipe"]),
    ],
    targets: [
        .systemLibrary(
            name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            name: "CJPEG", path: "Sources/CJPEG", pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // glibc's mallopt, for the executable's allocation policy.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // setjmp/longjmp error recovery for libpng and libjpeg, which Swift
        // cannot express: a decoding error returns a message, never exits.
        .target(
            name: "CCodecs", dependencies: ["CPNG", "CJPEG"],
            path: "Sources/CCodecs", cSettings: cCPUFlags),
        .target(
            name: "Pipeline", dependencies: ["CCodecs", "CZlib"],
            path: "Sources/Pipeline", swiftSettings: cpuFlags),
        .target(
            name: "Stages", dependencies: ["Pipeline"],
            path: "Sources/Stages", swiftSettings: cpuFlags),
        .executableTarget(
            name: "nnpipe", dependencies: ["Stages", "Pipeline", "CMalloc"],
            path: "Sources/nnpipe", swiftSettings: cpuFlags),
        .testTarget(
            name: "PipelineTests", dependencies: ["Pipeline"],
            path: "Tests/PipelineTests", swiftSettings: cpuFlags),
        .testTarget(
            name: "StagesTests", dependencies: ["Stages", "Pipeline"],
            path: "Tests/StagesTests", swiftSettings: cpuFlags),
        // Runs the built nnpipe binary; Pipeline writes the test streams.
        .testTarget(
            name: "CLITests", dependencies: ["nnpipe", "Pipeline"],
            path: "Tests/CLITests"),
    ]
)
