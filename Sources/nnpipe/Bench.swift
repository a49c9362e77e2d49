import Stages

/// `nnpipe bench NAME [key=value ...]`: the benchmarks that time nnpipe's
/// own code. Each prints its figures on stdout, one line per case, in a
/// format its reference script (numpy) prints too, so the two can be set
/// side by side; scripts/bench-* run both in one go and print the ratios.
struct Bench {
    /// One benchmark: its name, a line for the listing, its parameters
    /// (for --help) and the code that runs it on its words with a line
    /// writer.
    struct Entry {
        let name: String
        let summary: String
        let parameters: [Parameter]
        /// A line for --help after the parameters, if any.
        var note: String? = nil
        let run: ([String], (String) -> Void) throws -> Void

        /// An entry whose words are exactly its parameters.
        init(name: String, summary: String, parameters: [Parameter],
             run: @escaping (Arguments, (String) -> Void) throws -> Void) {
            self.name = name
            self.summary = summary
            self.parameters = parameters
            self.run = { words, write in
                try run(Arguments(stage: "bench \(name)",
                                  parameters: parameters, words: words),
                        write)
            }
        }

        /// An entry that reads its words itself.
        init(name: String, summary: String, parameters: [Parameter],
             note: String,
             words run: @escaping ([String], (String) -> Void) throws
                 -> Void) {
            self.name = name
            self.summary = summary
            self.parameters = parameters
            self.note = note
            self.run = run
        }
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
            run: { arguments, write in
                let threads = arguments.int("threads")
                let only = arguments.string("only")
                let repetitions = arguments.int("repetitions")
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
            run: { arguments, write in
                EigenBenchmark.run(size: arguments.int("size"), log: write)
            }),
        Entry(
            name: "ocr",
            summary: "the OCR pipeline on every photo of a folder: character "
                + "error rate against its ground_truth.txt, boxes, seconds",
            parameters: BenchOCR.parameters,
            note: "other key=value words go to the pipeline file "
                + "(e.g. vote=false)",
            words: { words, write in
                try BenchOCR.run(words) { text in
                    write(text.hasSuffix("\n") ? String(text.dropLast())
                          : text)
                }
            }),
    ]

    /// Runs `words` (`gemm threads=1`), or lists the benchmarks.
    static func run(_ words: [String], write: (String) -> Void) throws {
        guard let name = words.first, name != "--help", name != "-h" else {
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
        try entry.run(rest, write)
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
        if let note = entry.note { lines.append("  " + note) }
        return lines.joined(separator: "\n")
    }
}
