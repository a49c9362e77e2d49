/* JPEG decoding and encoding in memory with libjpeg, failures returned. */

#include "ccodecs.h"

#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* A progressive JPEG may hold any number of scans, each costing a pass
 * over the coefficients; real encoders write about ten. */
#define MAX_SCANS 500

/* libjpeg's error manager extended with the way back to setjmp. It lives
 * in the caller of the function that calls setjmp (see decode). */
struct failure {
    struct jpeg_error_mgr manager; /* first: libjpeg casts cinfo->err */
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    int status;
    char *message;
    size_t message_size;
};

static void fail(j_common_ptr cinfo, int status, const char *text) {
    struct failure *failure = (struct failure *)cinfo->err;
    char library_text[JMSG_LENGTH_MAX];
    if (text == NULL) {
        (*cinfo->err->format_message)(cinfo, library_text);
        text = library_text;
    }
    snprintf(failure->message, failure->message_size, "%s", text);
    failure->status = status;
    longjmp(failure->jump, 1);
}

static void on_error_exit(j_common_ptr cinfo) {
    fail(cinfo, CCODECS_CORRUPT, NULL);
}

/* libjpeg pads a JPEG that ends early with grey and only warns; that is
 * a failure here. Other warnings (stray bytes between markers) are
 * common in camera files and are ignored, as are trace messages. */
static void on_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;
    if (cinfo->err->msg_code == JWRN_JPEG_EOF)
        fail(cinfo, CCODECS_TRUNCATED, NULL);
    cinfo->err->num_warnings++;
}

static void on_output(j_common_ptr cinfo) { (void)cinfo; }

static void on_progress(j_common_ptr cinfo) {
    if (cinfo->is_decompressor &&
        ((j_decompress_ptr)cinfo)->input_scan_number > MAX_SCANS)
        fail(cinfo, CCODECS_CORRUPT, "more than 500 progressive scans");
}

static void install(struct failure *failure, struct jpeg_error_mgr **err,
                    char *message, size_t message_size) {
    memset(failure, 0, sizeof *failure);
    *err = jpeg_std_error(&failure->manager);
    failure->manager.error_exit = on_error_exit;
    failure->manager.emit_message = on_message;
    failure->manager.output_message = on_output;
    failure->progress.progress_monitor = on_progress;
    failure->message = message;
    failure->message_size = message_size;
    if (message_size > 0) message[0] = 0;
}

/* Adobe writes CMYK inverted (0 = full ink); others write it plain. */
static void cmyk_to_rgb(const JSAMPLE *cmyk, uint8_t *rgb, JDIMENSION width,
                        int inverted) {
    JDIMENSION x;
    for (x = 0; x < width; x++, cmyk += 4, rgb += 3) {
        unsigned k = inverted ? cmyk[3] : 255u - cmyk[3];
        int i;
        for (i = 0; i < 3; i++) {
            unsigned ink = inverted ? cmyk[i] : 255u - cmyk[i];
            rgb[i] = (uint8_t)((ink * k + 127) / 255);
        }
    }
}

/* Reads the rows; may longjmp. *cmyk_row is owned by the caller. */
static int read_pixels(j_decompress_ptr cinfo, uint64_t max_pixels,
                       ccodecs_image *image, JSAMPLE **cmyk_row) {
    int cmyk = 0;
    size_t row_bytes;

    jpeg_read_header(cinfo, TRUE);
    image->width = cinfo->image_width;
    image->height = cinfo->image_height;
    if ((uint64_t)image->width * image->height > max_pixels)
        return CCODECS_TOO_LARGE;
    switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE:
        cinfo->out_color_space = JCS_GRAYSCALE;
        image->channels = 1;
        break;
    case JCS_YCbCr:
    case JCS_RGB:
        cinfo->out_color_space = JCS_RGB;
        image->channels = 3;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        cinfo->out_color_space = JCS_CMYK;
        image->channels = 3;
        cmyk = 1;
        break;
    default:
        snprintf(((struct failure *)cinfo->err)->message,
                 ((struct failure *)cinfo->err)->message_size,
                 "a colour space of %d components that is not grey, YCbCr, "
                 "RGB, CMYK or YCCK", cinfo->num_components);
        return CCODECS_UNSUPPORTED;
    }
    image->bit_depth = 8;

    jpeg_start_decompress(cinfo);
    row_bytes = (size_t)cinfo->output_width * image->channels;
    if (cinfo->output_components != (cmyk ? 4 : (int)image->channels))
        return CCODECS_UNSUPPORTED;
    image->pixels = malloc(row_bytes * cinfo->output_height + 1);
    if (cmyk) *cmyk_row = malloc((size_t)cinfo->output_width * 4);
    if (image->pixels == NULL || (cmyk && *cmyk_row == NULL))
        return CCODECS_NO_MEMORY;

    while (cinfo->output_scanline < cinfo->output_height) {
        uint8_t *row = (uint8_t *)image->pixels +
                       (size_t)cinfo->output_scanline * row_bytes;
        JSAMPROW target = cmyk ? *cmyk_row : row;
        if (jpeg_read_scanlines(cinfo, &target, 1) != 1)
            return CCODECS_TRUNCATED;
        if (cmyk)
            cmyk_to_rgb(*cmyk_row, row, cinfo->output_width,
                        cinfo->saw_Adobe_marker);
    }
    /* Every row is in; jpeg_finish_decompress would only look for the
     * end marker, and a file that lacks it still holds the whole image. */
    return CCODECS_OK;
}

static int decode(j_decompress_ptr cinfo, struct failure *failure,
                  const uint8_t *data, size_t size, uint64_t max_pixels,
                  ccodecs_image *image, JSAMPLE **cmyk_row) {
    int status;
    if (setjmp(failure->jump)) {
        jpeg_destroy_decompress(cinfo);
        return failure->status;
    }
    jpeg_create_decompress(cinfo);
    cinfo->progress = &failure->progress;
    jpeg_mem_src(cinfo, data, (unsigned long)size);
    status = read_pixels(cinfo, max_pixels, image, cmyk_row);
    jpeg_destroy_decompress(cinfo);
    return status;
}

int ccodecs_jpeg_decode(const uint8_t *data, size_t size,
                        uint64_t max_pixels, ccodecs_image *image,
                        char *message, size_t message_size) {
    struct jpeg_decompress_struct cinfo;
    struct failure failure;
    JSAMPLE *cmyk_row = NULL;
    int status;

    memset(image, 0, sizeof *image);
    memset(&cinfo, 0, sizeof cinfo);
    install(&failure, &cinfo.err, message, message_size);
    status = decode(&cinfo, &failure, data, size, max_pixels, image,
                    &cmyk_row);
    free(cmyk_row);
    if (status != CCODECS_OK) {
        free(image->pixels);
        image->pixels = NULL;
    }
    return status;
}

/* A destination manager that grows a malloc'd buffer. (jpeg_mem_dest
 * frees its old buffer on growth but not on failure, so its caller cannot
 * tell what to free.) It lives outside the frame that calls setjmp. */
struct destination {
    struct jpeg_destination_mgr manager; /* first: cinfo->dest is cast */
    ccodecs_buffer *output;
    size_t capacity;
};

static void grow(j_compress_ptr cinfo, size_t used) {
    struct destination *destination = (struct destination *)cinfo->dest;
    size_t capacity = destination->capacity ? destination->capacity : 65536;
    uint8_t *grown;
    while (capacity <= used) {
        if (capacity > SIZE_MAX / 2) fail((j_common_ptr)cinfo,
                                          CCODECS_NO_MEMORY, "out of memory");
        capacity *= 2;
    }
    grown = realloc(destination->output->data, capacity);
    if (grown == NULL)
        fail((j_common_ptr)cinfo, CCODECS_NO_MEMORY, "out of memory");
    destination->output->data = grown;
    destination->capacity = capacity;
    destination->manager.next_output_byte = grown + used;
    destination->manager.free_in_buffer = capacity - used;
}

static void start_output(j_compress_ptr cinfo) { grow(cinfo, 0); }

static boolean flush_output(j_compress_ptr cinfo) {
    grow(cinfo, ((struct destination *)cinfo->dest)->capacity);
    return TRUE;
}

static void finish_output(j_compress_ptr cinfo) {
    struct destination *destination = (struct destination *)cinfo->dest;
    destination->output->size =
        destination->capacity - destination->manager.free_in_buffer;
}

static int encode(j_compress_ptr cinfo, struct failure *failure,
                  struct destination *destination, const uint8_t *pixels,
                  uint32_t width, uint32_t height, uint32_t channels,
                  int quality) {
    size_t row_bytes = (size_t)width * channels;
    if (setjmp(failure->jump)) {
        jpeg_destroy_compress(cinfo);
        return failure->status;
    }
    jpeg_create_compress(cinfo);
    cinfo->dest = &destination->manager;
    cinfo->image_width = width;
    cinfo->image_height = height;
    cinfo->input_components = (int)channels;
    cinfo->in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(cinfo);
    jpeg_set_quality(cinfo, quality, TRUE);
    jpeg_start_compress(cinfo, TRUE);
    while (cinfo->next_scanline < cinfo->image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + cinfo->next_scanline * row_bytes);
        jpeg_write_scanlines(cinfo, &row, 1);
    }
    jpeg_finish_compress(cinfo);
    jpeg_destroy_compress(cinfo);
    return CCODECS_OK;
}

int ccodecs_jpeg_encode(const uint8_t *pixels, uint32_t width,
                        uint32_t height, uint32_t channels, int quality,
                        ccodecs_buffer *output, char *message,
                        size_t message_size) {
    struct jpeg_compress_struct cinfo;
    struct failure failure;
    struct destination destination;
    int status;

    output->data = NULL;
    output->size = 0;
    memset(&destination, 0, sizeof destination);
    destination.manager.init_destination = start_output;
    destination.manager.empty_output_buffer = flush_output;
    destination.manager.term_destination = finish_output;
    destination.output = output;
    memset(&cinfo, 0, sizeof cinfo);
    install(&failure, &cinfo.err, message, message_size);
    if (channels != 1 && channels != 3) {
        snprintf(message, message_size,
                 "cannot encode %u channels as JPEG", channels);
        return CCODECS_UNSUPPORTED;
    }
    if (quality < 1 || quality > 100) quality = quality < 1 ? 1 : 100;

    status = encode(&cinfo, &failure, &destination, pixels, width, height,
                    channels, quality);
    if (status != CCODECS_OK) {
        free(output->data);
        output->data = NULL;
        output->size = 0;
    }
    return status;
}
