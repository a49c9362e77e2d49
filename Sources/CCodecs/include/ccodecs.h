#ifndef CCODECS_H
#define CCODECS_H

/* Memory-to-memory PNG and JPEG codecs that never exit, abort or print.
 *
 * libjpeg's default error handler calls exit() and libpng's longjmps to
 * wherever the caller set up; Swift can express neither. Every function
 * here installs its own handlers, catches the library's failure with
 * setjmp, frees what it allocated and returns a status with the library's
 * message copied into `message` (always NUL-terminated). Warnings are
 * dropped, except a JPEG that ends early, which is a failure.
 */

#include <stddef.h>
#include <stdint.h>

enum ccodecs_status {
    CCODECS_OK = 0,
    /* The library rejected the data; `message` holds its words. */
    CCODECS_CORRUPT = 1,
    /* The data ends before the image does. */
    CCODECS_TRUNCATED = 2,
    /* width * height exceeds max_pixels; width and height are filled in. */
    CCODECS_TOO_LARGE = 3,
    CCODECS_NO_MEMORY = 4,
    /* A valid image of a kind this shim does not decode; see `message`. */
    CCODECS_UNSUPPORTED = 5,
};

/* A decoded image: rows top to bottom, samples interleaved per pixel. */
typedef struct ccodecs_image {
    uint32_t width;
    uint32_t height;
    /* 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
    uint32_t channels;
    /* 8 (uint8 samples) or 16 (native-endian uint16 samples). */
    uint32_t bit_depth;
    /* malloc'd by the decoder; release with ccodecs_free. */
    void *pixels;
} ccodecs_image;

/* Bytes produced by an encoder; release `data` with ccodecs_free. */
typedef struct ccodecs_buffer {
    uint8_t *data;
    size_t size;
} ccodecs_buffer;

/* Decodes any PNG: palette and tRNS become RGB(A), bit depths below 8
 * become 8, interlacing is undone, 16-bit stays 16-bit. */
int ccodecs_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                       ccodecs_image *image, char *message,
                       size_t message_size);

/* Decodes a baseline or progressive JPEG to grey or RGB; CMYK and YCCK
 * are converted to RGB. EXIF orientation is not applied here. */
int ccodecs_jpeg_decode(const uint8_t *data, size_t size,
                        uint64_t max_pixels, ccodecs_image *image,
                        char *message, size_t message_size);

/* Encodes 1-4 channels of 8-bit or native-endian 16-bit samples. */
int ccodecs_png_encode(const void *pixels, uint32_t width, uint32_t height,
                       uint32_t channels, uint32_t bit_depth,
                       ccodecs_buffer *output, char *message,
                       size_t message_size);

/* Encodes 1 (grey) or 3 (RGB) channels of 8-bit samples at a quality of
 * 1-100. */
int ccodecs_jpeg_encode(const uint8_t *pixels, uint32_t width,
                        uint32_t height, uint32_t channels, int quality,
                        ccodecs_buffer *output, char *message,
                        size_t message_size);

void ccodecs_free(void *pointer);

#endif
