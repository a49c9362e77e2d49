import Stages

/// `nnpipe bench NAME [key=value ...]`: the benchmarks that time nnpipe's
/// own code. Each prints its figures on stdout, one line per case, in a
/// format its reference script (numpy) prints too, so the two can be set
/// side by side; scripts/bench-* run both in one go and print the ratios.
struct Bench {
    /// One benchmark: its name, a line for the listing, its parameters and
    /// the code that runs it with parsed arguments and a line writer.
    struct Entry {
        let name: String
        let summary: String
        let parameters: [Parameter]
        /// Whether key=value words that name none of `parameters` go on
        /// to what the benchmark runs (bench ocr: to the pipeline file).
        var forwards = false
        let run: (Arguments, [String: String], (String) -> Void) throws
            -> Void
    }

    static let entries: [Entry] = [
        Entry(
            name: "gemm",
            summary: "matrix products: cubes 64 to 2048 in every transposed "
                + "form, and the six products of a 1024-64-36 MLP step "
                + "(reference: scripts/bench_gemm_numpy.py)",
            parameters: [
                Parameter(
                    "threads", .int, default: "0", range: 0...1024,
                    help: "threads for the products (0: NNPIPE_THREADS or "
                        + "every core)"),
                Parameter(
                    "only", .string, default: "",
                    help: "run only the cases whose line holds this text, "
                        + "e.g. only=1024x1024x1024 or only=mlp"),
                Parameter(
                    "repetitions", .int, default: "0", range: 0...1_000_000,
                    help: "time each case exactly this many times (0: for "
                        + "at least 0.3 s); for perf stat -e cycles:u"),
            ],
            run: { arguments, _, write in
                let threads = arguments.int("threads")
                let only = arguments.string("only")
                let repetitions = arguments.int("repetitions")
                if !only.isEmpty, !GemmBenchmark.cases.contains(where: {
                    $0.description.contains(only)
                }) {
                    throw StageError.usage(
                        "only=\(only) matches no case (cases are written "
                            + "like 'cube 1024x1024x1024 NN' or "
                            + "'mlp X·W1 32x64x1024 NN')")
                }
                GemmBenchmark.run(
                    threads: threads == 0 ? nil : threads,
                    only: only.isEmpty ? nil : only,
                    repetitions: repetitions == 0 ? nil : repetitions,
                    log: write)
            }),
        Entry(
            name: "eigen",
            summary: "symmetric eigen-decomposition of a random covariance "
                + "matrix: seconds and residuals",
            parameters: [
                Parameter(
                    "size", .int, default: "1024", range: 1...8192,
                    help: "the matrix is size x size"),
            ],
            run: { arguments, _, write in
                EigenBenchmark.run(size: arguments.int("size"), log: write)
            }),
        BenchOCR.entry,
    ]

    /// Runs `words` (`gemm threads=1`), or lists the benchmarks.
    static func run(_ words: [String], write: (String) -> Void) throws {
        guard let name = words.first, name != "--help", name != "-h" else {
            if words.count > 1 {
                throw StageError.usage(
                    "unexpected word '\(words[1])' after \(words[0])")
            }
            write(listing)
            return
        }
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw StageError.usage(
                "unknown benchmark '\(name)'; known: "
                    + entries.map(\.name).joined(separator: ", "))
        }
        let rest = Array(words.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            write(help(entry))
            return
        }
        var own = rest
        var forwarded: [String: String] = [:]
        if entry.forwards {
            let names = Set(entry.parameters.map(\.name))
            own = []
            for word in rest {
                if let equals = word.firstIndex(of: "="),
                    !names.contains(String(word[..<equals]))
                {
                    try Arguments.set(
                        String(word[..<equals]),
                        String(word[word.index(after: equals)...]),
                        in: &forwarded)
                } else {
                    own.append(word)
                }
            }
        }
        let arguments = try Arguments(
            stage: "bench \(name)", parameters: entry.parameters,
            words: own)
        try entry.run(arguments, forwarded, write)
    }

    static var listing: String {
        let width = entries.map(\.name.count).max() ?? 0
        let lines = entries.map {
            "  " + $0.name.padding(toLength: width, withPad: " ",
                                   startingAt: 0) + "  " + $0.summary
        }
        return (["usage: nnpipe bench NAME [key=value ...]", "",
                 "benchmarks:"] + lines).joined(separator: "\n")
    }

    static func help(_ entry: Entry) -> String {
        var lines = ["usage: nnpipe bench \(entry.name) [key=value ...]",
                     "", entry.summary, "", "parameters:"]
        for parameter in entry.parameters {
            lines.append("  \(parameter.name)=\(parameter.defaultValue ?? "")  "
                         + parameter.help)
        }
        return lines.joined(separator: "\n")
    }
}
