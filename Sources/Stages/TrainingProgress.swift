import Foundation

/// Training progress on stderr: on a terminal a bar redrawn in place
/// (epoch, loss, accuracy, time left), otherwise one line per epoch.
struct TrainingProgress {
    let epochs: Int
    let batches: Int
    let context: StageContext
    var done = 0
    var last: EpochRecord?
    var lastDraw: UInt64 = 0
    let start = DispatchTime.now().uptimeNanoseconds

    init(epochs: Int, context: StageContext, batches: Int) {
        self.epochs = epochs
        self.context = context
        self.batches = Swift.max(batches, 1)
    }

    static func percent(_ fraction: Double) -> String {
        fraction.isNaN ? "-" : String(format: "%.1f%%", 100 * fraction)
    }

    var elapsed: Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Redraws the bar (at most ten times a second) on a terminal.
    mutating func batch(_ count: Int) {
        guard context.stderrIsTerminal else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw > 100_000_000 || count == batches else { return }
        lastDraw = now
        let fraction = (Double(done) + Double(count) / Double(batches))
            / Double(Swift.max(epochs, 1))
        let width = 24
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled)
            + String(repeating: ".", count: width - filled)
        let left = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        var text = "\rnnpipe \(context.stageName): [\(bar)] epoch "
            + "\(done + 1)/\(epochs)"
        if let last {
            text += String(format: "  loss %.3f", last.trainLoss)
                + "  acc " + TrainingProgress.percent(last.trainAccuracy)
                + (last.validAccuracy.isNaN ? ""
                    : "  valid "
                        + TrainingProgress.percent(last.validAccuracy))
        }
        text += String(format: "  %.0f s left\u{1B}[K", left)
        FileDescriptor.standardError.writeText(text)
    }

    /// Ends an epoch: a line of figures (the bar's line on a terminal
    /// after the last epoch).
    mutating func epoch(_ record: EpochRecord) {
        done += 1
        last = record
        let line = "epoch \(record.epoch)/\(epochs)"
            + String(format: "  loss %.4f", record.trainLoss)
            + "  acc " + TrainingProgress.percent(record.trainAccuracy)
            + (record.validLoss.isNaN ? ""
                : String(format: "  valid loss %.4f", record.validLoss)
                    + "  valid "
                    + TrainingProgress.percent(record.validAccuracy))
            + String(format: "  %.3f s", record.seconds)
        if context.stderrIsTerminal {
            if done == epochs {
                FileDescriptor.standardError.writeText("\r\u{1B}[K")
                context.log(line)
            }
        } else {
            context.log(line)
        }
    }
}
