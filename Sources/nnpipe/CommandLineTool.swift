#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Stages

/// The `nnpipe` command: dispatches to a stage, a pipeline file or a
/// built-in command, and turns every error into one line on stderr and an
/// exit status (64 usage, 1 runtime).
struct CommandLineTool {
    let arguments: [String]
    let registry: StageRegistry
    let stderr = FileDescriptor.standardError

    func run() -> Int32 {
        do {
            return try dispatch()
        } catch is BrokenPipe {
            return 0
        } catch let failure as StageFailure {
            stderr.writeText(failure.description + "\n")
            return failure.exitStatus
        } catch let error as StageError {
            stderr.writeText("nnpipe: error: \(singleLine(error.message))\n")
            return error.exitStatus
        } catch {
            stderr.writeText("nnpipe: error: \(singleLine("\(error)"))\n")
            return 1
        }
    }

    private func dispatch() throws -> Int32 {

        guard let command = arguments.first else {
            stderr.writeText(usage)
            return 64
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "-h", "--help", "help":
            try noMoreWords(rest, after: command)
            try writeStandardOutput(usage)
            return 0
        case "--version", "-V":
            try noMoreWords(rest, after: command)
            try writeStandardOutput("nnpipe \(NNPipe.version) (\(buildKind))\n")
            return 0
        case "stages":
            try noMoreWords(rest, after: command)
            try writeStandardOutput(stageList())
            return 0
        case "bench":
            try checkEnvironment()
            do {
                try Bench.run(rest) { try? writeStandardOutput($0 + "\n") }
            } catch {
                throw StageFailure(stage: "bench", underlying: error)
            }
            return 0
        default:
            break
        }
        if command.hasSuffix(".pipe") || command.contains("/") {
            return try runPipelineFile(command, words: rest)
        }
        guard let stage = registry.stage(named: command) else {
            throw StageError.usage(
                "unknown stage or command '\(command)' (see nnpipe stages)")
        }
        return try runStage(stage, words: rest)
    }

    private func runStage(_ type: any Stage.Type, words: [String]) throws -> Int32 {
        if words.contains("--help") || words.contains("-h") {
            if let extra = words.first(where: { $0 != "--help" && $0 != "-h" }) {
                throw StageFailure(stage: type.name, underlying:
                    StageError.usage("unexpected word '\(extra)' after --help"))
            }
            try writeStandardOutput(helpText(for: type))
            return 0
        }
        let stage: any Stage
        do {
            stage = try type.make(words: words)
        } catch {
            throw StageFailure(stage: type.name, underlying: error)
        }
        let pipeline = Pipeline([stage])
        return try execute(pipeline, first: type, last: type)
    }

    private func runPipelineFile(_ path: String, words: [String]) throws -> Int32 {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw StageError.usage(
                exists ? "cannot read pipeline file \(path)"
                    : "no such pipeline file: \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StageError.usage("\(path) is not UTF-8 text")
        }
        let file = try PipelineFile(text: text, path: path)
        if words.contains("--help") || words.contains("-h") {
            try writeStandardOutput(pipelineHelp(file))
            return 0
        }
        var overrides: [String: String] = [:]
        for word in words {
            guard let (key, value) = keyValue(word) else {
                throw StageError.usage(
                    "unexpected word '\(word)': a pipeline file takes "
                        + "name=value parameters")
            }
            try Arguments.set(key, value, in: &overrides)
        }
        let steps = try file.steps(overrides: overrides)
        let pipeline = try Pipeline(steps: steps, registry: registry)
        return try execute(
            pipeline, first: type(of: pipeline.entries.first!.stage),
            last: type(of: pipeline.entries.last!.stage))
    }

    /// Reads stdin unless the pipeline starts with a source, runs it, and
    /// writes the resulting stream to stdout.
    private func execute(
        _ pipeline: Pipeline, first: any Stage.Type, last: any Stage.Type
    ) throws -> Int32 {
        try checkEnvironment()

        let stdout = FileDescriptor.standardOutput
        if stdout.isTerminal && !last.isSink {
            throw StageFailure(stage: last.name, underlying: StageError.usage(
                "refusing to write a binary tensor stream to a terminal; "
                    + "pipe it into another stage (e.g. nnpipe info) or "
                    + "redirect it to a file"))
        }

        var input: [Record] = []
        if !first.isSource {
            let stdin = FileDescriptor.standardInput
            if stdin.isTerminal {
                throw StageFailure(stage: first.name, underlying: StageError.usage(
                    "expects a tensor stream on stdin (for example "
                        + "nnpipe load photo.jpg | nnpipe \(first.name))"))
            }
            do {
                var reader = StreamReader(stdin)
                input = try reader.readAll()
            } catch {
                throw StageFailure(
                    stage: first.name,
                    underlying: StageError.runtime("input stream: \(error)"))
            }
        }

        let isTerminal = FileDescriptor.standardError.isTerminal
        let output = try pipeline.run(input) { name in
            StageContext(
                stageName: name, stderrIsTerminal: isTerminal,
                messages: { line in
                    FileDescriptor.standardError.writeText(
                        "nnpipe \(name): \(singleLine(line))\n")
                })
        }

        if !output.isEmpty && !stdout.isTerminal {
            var writer = StreamWriter(stdout)
            do {
                try writer.write(output)
            } catch let error as BrokenPipe {
                throw error
            } catch {
                throw StageFailure(
                    stage: last.name,
                    underlying: StageError.runtime("output stream: \(error)"))
            }
        }
        return 0
    }

    /// Refuses a mistyped NNPIPE_MAX_TENSOR_BYTES or NNPIPE_THREADS, which
    /// would otherwise fall back to their defaults unnoticed.
    private func checkEnvironment() throws {
        let environment = ProcessInfo.processInfo.environment
        do {
            _ = try StreamFormat.payloadLimit(
                environmentValue: environment[
                    StreamFormat.payloadLimitVariable])
        } catch let error as StreamError {
            throw StageError.usage(error.description)
        }
        _ = try Parallel.threadCount(
            environmentValue: environment[Parallel.threadsVariable])
    }

    /// Refuses words after a command that takes none.
    private func noMoreWords(_ words: [String], after command: String) throws {
        if let word = words.first {
            throw StageError.usage(
                "unexpected word '\(word)': \(command) takes no arguments")
        }
    }

    private func keyValue(_ word: String) -> (String, String)? {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex
        else { return nil }
        return (String(word[..<equals]),
                String(word[word.index(after: equals)...]))
    }

    private func writeStandardOutput(_ text: String) throws {
        var sink = FileDescriptor.standardOutput
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBytes { try sink.write(UnsafeRawBufferPointer($0)) }
    }

    private var buildKind: String {
        #if NNPIPE_PORTABLE
        return "portable build: baseline x86-64, no AVX2/FMA kernels, slower"
        #elseif arch(x86_64)
        return "fast build: x86-64-v3, AVX2 + FMA kernels"
        #else
        return "native build"
        #endif
    }

    private func stageList() -> String {
        let width = registry.names.map(\.count).max() ?? 0
        return registry.stages.map { stage in
            stage.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  " + stage.summary
        }.joined(separator: "\n") + "\n"
    }

    private func pipelineHelp(_ file: PipelineFile) -> String {
        var lines = ["usage: nnpipe \(file.path) [name=value ...]", ""]
        if file.parameters.isEmpty {
            lines.append("parameters: none")
        } else {
            lines.append("parameters:")
            for (name, value) in file.parameters {
                lines.append("  \(name)=\(value ?? "<required>")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var usage: String {
        """
        usage: nnpipe STAGE [key=value ...]      run one stage, stdin to stdout
               nnpipe FILE.pipe [name=value ...]  run a pipeline file
               nnpipe stages                      list the stages
               nnpipe bench NAME [key=value ...]  time nnpipe's kernels
               nnpipe STAGE --help                a stage's parameters
               nnpipe --version

        Stages exchange a binary tensor stream (docs/stream-format.md):
          nnpipe load photo.jpg | nnpipe binarize | nnpipe info

        In a pipeline file, $dir is the file's own folder, for paths that
        must work from any directory (docs/pipeline-files.md).

        """
    }
}
