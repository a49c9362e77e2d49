import Foundation
import Stages

/// `nnpipe bench ocr`: runs the OCR pipeline on every photo of a folder
/// and scores it against the folder's ground_truth.txt.
///
/// Per photo it prints the boxes found and the characters expected, the
/// character error rate with layout (spaces and line breaks scored) and
/// without, the seconds end to end (best of repeat= runs) and each
/// stage's share; then the averages. The pipeline runs in this process,
/// exactly as `nnpipe PIPE image=PHOTO` would, its stdout captured;
/// other key=value words are passed to the pipeline file.
enum BenchOCR {
    static let parameters: [Parameter] = [
        Parameter("images", .path, default: "images",
                  help: "the folder of photos and ground_truth.txt"),
        Parameter("pipeline", .path, default: "pipelines/ocr.pipe",
                  help: "the OCR pipeline file"),
        Parameter("model", .string, default: "",
                  help: "the model file (default: the pipeline's)"),
        Parameter("repeat", .int, default: "3", range: 1...100,
                  help: "runs per photo; the fastest counts"),
    ]

    static let entry = Bench.Entry(
        name: "ocr",
        summary: "the OCR pipeline on every photo of images/: character "
            + "error rates against ground_truth.txt, boxes, seconds per "
            + "stage (other key=value words go to the pipeline file)",
        parameters: parameters, forwards: true,
        run: { arguments, forwarded, write in
            try run(arguments, overrides: forwarded) { write($0) }
        })

    /// Runs the benchmark; `overrides` go to the pipeline file, `write`
    /// takes one line at a time, without its newline.
    static func run(
        _ arguments: Arguments, overrides extra: [String: String],
        write: (String) throws -> Void
    ) throws {
        let folder = arguments.string("images")
        let pipelinePath = arguments.string("pipeline")
        let model = arguments.string("model")
        let repeats = arguments.int("repeat")

        if extra["image"] != nil {
            throw StageError.usage(
                "image= is set for each photo by bench ocr; give the folder "
                    + "as images=")
        }
        let truthPath = folder + "/ground_truth.txt"
        let truthText: String
        do {
            truthText = String(decoding: try FileBytes.load(truthPath),
                               as: UTF8.self)
        } catch let error as FormatError {
            throw StageError.runtime(error.message)
        }
        let truth = groundTruth(truthText)
        guard !truth.isEmpty else {
            throw StageError.runtime("\(truthPath) names no [photo] sections")
        }
        guard let pipeText = try? String(contentsOfFile: pipelinePath) else {
            throw StageError.usage("cannot read pipeline file \(pipelinePath)")
        }
        let file = try PipelineFile(text: pipeText, path: pipelinePath)

        try write(
            "photo            boxes/chars  CER(layout)  CER(chars)  seconds"
                + "  stages (s)")
        var (sumLayout, sumChars, sumSeconds) = (0.0, 0.0, 0.0)
        for (photo, reference) in truth {
            var overrides = extra
            overrides["image"] = folder + "/" + photo
            if !model.isEmpty { overrides["model"] = model }
            let pipeline = try Pipeline(
                steps: try file.steps(overrides: overrides),
                registry: stageRegistry)
            var best: (seconds: Double, stages: [(String, Double)])?
            var text = ""
            var boxes = 0
            for _ in 0..<repeats {
                let run = try timed(pipeline)
                text = run.text
                boxes = run.boxes
                if run.seconds < best?.seconds ?? .infinity {
                    best = (run.seconds, run.stages)
                }
            }
            let layout = characterErrorRate(
                text, reference: reference, ignoringLayout: false)
            let chars = characterErrorRate(
                text, reference: reference, ignoringLayout: true)
            let expected = scoredCharacters(reference, ignoringLayout: true)
                .count
            sumLayout += layout
            sumChars += chars
            sumSeconds += best!.seconds
            let stages = best!.stages.map { "\($0.0) \(fixed($0.1, 2))" }
                .joined(separator: ", ")
            try write(
                pad(photo, 17) + pad("\(boxes)/\(expected)", 13)
                    + pad(percent(layout), 13) + pad(percent(chars), 12)
                    + pad(fixed(best!.seconds, 2), 9) + stages)
        }
        let n = Double(truth.count)
        try write(
            pad("average", 30) + pad(percent(sumLayout / n), 13)
                + pad(percent(sumChars / n), 12)
                + fixed(sumSeconds / n, 2))
    }

    /// Runs the pipeline stage by stage, timing each.
    static func timed(_ pipeline: Pipeline) throws
        -> (text: String, boxes: Int, seconds: Double,
            stages: [(String, Double)])
    {
        var stages: [(String, Double)] = []
        var output = ""
        var boxes = 0
        let start = Date()
        var stageStart = start
        _ = try pipeline.run(
            [],
            context: { name in
                StageContext(stageName: name, standardOutput: MemorySink(),
                             messages: { _ in })
            },
            after: { entry, records, context in
                let now = Date()
                stages.append((entry.name, now.timeIntervalSince(stageStart)))
                stageStart = now
                if let sink = context.standardOutput as? MemorySink {
                    output += String(decoding: sink.bytes, as: UTF8.self)
                }
                if let record = records.withRole("boxes") {
                    boxes = record.shape[0]
                }
            })
        return (output, boxes, Date().timeIntervalSince(start), stages)
    }

    /// `[photo]` sections of ground_truth.txt, in file order; `#` lines
    /// are comments.
    static func groundTruth(_ text: String) -> [(String, String)] {
        var sections: [(String, String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false)
        {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || trimmed.isEmpty { continue }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                sections.append((String(trimmed.dropFirst().dropLast()), ""))
            } else if !sections.isEmpty {
                sections[sections.count - 1].1 += trimmed + "\n"
            }
        }
        return sections
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " "
            : text + String(repeating: " ", count: width - text.count)
    }

    static func percent(_ x: Double) -> String { fixed(100 * x, 1) + "%" }

    static func fixed(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", x)
    }
}
