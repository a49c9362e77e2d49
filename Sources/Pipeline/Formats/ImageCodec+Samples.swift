import CCodecs

extension ImageCodec {
    /// The decoded pixels as float samples in 0...1, turned upright.
    static func upright(
        _ image: ccodecs_image, _ orientation: ExifOrientation
    ) -> DecodedImage {
        let height = Int(image.height)
        let width = Int(image.width)
        let channels = Int(image.channels)
        let bitDepth = Int(image.bit_depth)
        let count = height * width * channels
        let samples = [Float](unsafeUninitializedCapacity: count) {
            buffer, filled in
            if count == 0 {
                // No pixels to read.
            } else if bitDepth == 16 {
                convert(
                    image.pixels!.assumingMemoryBound(to: UInt16.self),
                    into: buffer.baseAddress!, height: height, width: width,
                    channels: channels, orientation: orientation,
                    scale: 65535)
            } else {
                convert(
                    image.pixels!.assumingMemoryBound(to: UInt8.self),
                    into: buffer.baseAddress!, height: height, width: width,
                    channels: channels, orientation: orientation, scale: 255)
            }
            filled = count
        }
        return orientation.swapsAxes
            ? DecodedImage(
                height: width, width: height, channels: channels,
                bitDepth: bitDepth, samples: samples)
            : DecodedImage(
                height: height, width: width, channels: channels,
                bitDepth: bitDepth, samples: samples)
    }

    /// Writes `pixels` (stored `height` x `width` x `channels`) into
    /// `target` as value / `scale`, in upright order.
    private static func convert<Sample: BinaryInteger>(
        _ pixels: UnsafePointer<Sample>,
        into target: UnsafeMutablePointer<Float>,
        height: Int, width: Int, channels: Int,
        orientation: ExifOrientation, scale: Float
    ) {
        if orientation == .upright {
            for index in 0..<(height * width * channels) {
                target[index] = Float(pixels[index]) / scale
            }
            return
        }

        let steps = orientation.sourceSteps(height: height, width: width)
        let (rows, columns) = orientation.swapsAxes
            ? (width, height) : (height, width)
        var written = 0
        for row in 0..<rows {
            var source = steps.origin + row * steps.rowStep
            for _ in 0..<columns {
                for channel in 0..<channels {
                    target[written + channel] =
                        Float(pixels[source * channels + channel]) / scale
                }
                written += channels
                source += steps.columnStep
            }
        }
    }
}
