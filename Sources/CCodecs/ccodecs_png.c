/* PNG decoding and encoding in memory with libpng, failures returned. */

#include "ccodecs.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* State that libpng's callbacks reach through their user pointers. It
 * lives in the caller of the function that calls setjmp, so nothing the
 * callbacks change is an indeterminate local after a longjmp. */
struct png_context {
    const uint8_t *input;
    size_t input_size;
    size_t position;
    int truncated;
    png_bytep *rows;
    ccodecs_buffer *output;
    size_t capacity;
    char *message;
    size_t message_size;
};

static void on_error(png_structp png, png_const_charp text) {
    struct png_context *context = png_get_error_ptr(png);
    snprintf(context->message, context->message_size, "%s", text);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

static void read_from_memory(png_structp png, png_bytep bytes, size_t count) {
    struct png_context *context = png_get_io_ptr(png);
    if (count > context->input_size - context->position) {
        context->truncated = 1;
        png_error(png, "the data ends before the image does");
    }
    memcpy(bytes, context->input + context->position, count);
    context->position += count;
}

static void write_to_memory(png_structp png, png_bytep bytes, size_t count) {
    struct png_context *context = png_get_io_ptr(png);
    ccodecs_buffer *output = context->output;
    if (count > context->capacity - output->size) {
        size_t needed = output->size + count;
        size_t capacity = context->capacity < 4096 ? 4096 : context->capacity;
        uint8_t *grown;
        if (needed < output->size) png_error(png, "out of memory");
        while (capacity < needed) {
            if (capacity > SIZE_MAX / 2) png_error(png, "out of memory");
            capacity *= 2;
        }
        grown = realloc(output->data, capacity);
        if (grown == NULL) png_error(png, "out of memory");
        output->data = grown;
        context->capacity = capacity;
    }
    memcpy(output->data + output->size, bytes, count);
    output->size += count;
}

static void flush_memory(png_structp png) { (void)png; }

static int is_little_endian(void) {
    const uint16_t probe = 1;
    return *(const uint8_t *)&probe == 1;
}

/* Everything between png_read_info and the last row; may longjmp. */
static int read_pixels(png_structp png, png_infop info,
                       struct png_context *context, uint64_t max_pixels,
                       ccodecs_image *image) {
    size_t row_bytes, height, row;

    png_read_info(png, info);
    image->width = png_get_image_width(png, info);
    image->height = png_get_image_height(png, info);
    if ((uint64_t)image->width * image->height > max_pixels)
        return CCODECS_TOO_LARGE;

    png_set_expand(png);
    png_set_interlace_handling(png);
    if (is_little_endian()) png_set_swap(png);
    png_read_update_info(png, info);
    image->channels = png_get_channels(png, info);
    image->bit_depth = png_get_bit_depth(png, info);
    if (image->channels < 1 || image->channels > 4 ||
        (image->bit_depth != 8 && image->bit_depth != 16)) {
        snprintf(context->message, context->message_size,
                 "%u channels of %u bits after expansion", image->channels,
                 image->bit_depth);
        return CCODECS_UNSUPPORTED;
    }

    row_bytes = png_get_rowbytes(png, info);
    height = image->height;
    if (row_bytes != (size_t)image->width * image->channels *
                         (image->bit_depth / 8) ||
        (height > 0 && row_bytes > SIZE_MAX / height))
        return CCODECS_NO_MEMORY;
    image->pixels = malloc(row_bytes * height + 1);
    context->rows = malloc(sizeof(png_bytep) * (height + 1));
    if (image->pixels == NULL || context->rows == NULL)
        return CCODECS_NO_MEMORY;
    for (row = 0; row < height; row++)
        context->rows[row] = (png_bytep)image->pixels + row * row_bytes;

    png_read_image(png, context->rows);
    png_read_end(png, NULL);
    return CCODECS_OK;
}

static int decode(struct png_context *context, uint64_t max_pixels,
                  ccodecs_image *image) {
    png_structp png;
    png_infop info;
    int status;

    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, context, on_error,
                                 on_warning);
    if (png == NULL) return CCODECS_NO_MEMORY;
    info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        return CCODECS_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return context->truncated ? CCODECS_TRUNCATED : CCODECS_CORRUPT;
    }
    png_set_read_fn(png, context, read_from_memory);
    status = read_pixels(png, info, context, max_pixels, image);
    png_destroy_read_struct(&png, &info, NULL);
    return status;
}

int ccodecs_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                       ccodecs_image *image, char *message,
                       size_t message_size) {
    struct png_context context;
    int status;

    memset(&context, 0, sizeof context);
    memset(image, 0, sizeof *image);
    context.input = data;
    context.input_size = size;
    context.message = message;
    context.message_size = message_size;
    if (message_size > 0) message[0] = 0;

    status = decode(&context, max_pixels, image);
    free(context.rows);
    if (status != CCODECS_OK) {
        free(image->pixels);
        image->pixels = NULL;
    }
    return status;
}

static int encode(struct png_context *context, const void *pixels,
                  uint32_t width, uint32_t height, uint32_t channels,
                  uint32_t bit_depth) {
    static const int color_types[4] = {
        PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
        PNG_COLOR_TYPE_RGB_ALPHA};
    size_t row_bytes = (size_t)width * channels * (bit_depth / 8);
    png_structp png;
    png_infop info;
    uint32_t row;

    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, context, on_error,
                                  on_warning);
    if (png == NULL) return CCODECS_NO_MEMORY;
    info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        return CCODECS_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return CCODECS_CORRUPT;
    }
    png_set_write_fn(png, context, write_to_memory, flush_memory);
    png_set_IHDR(png, info, width, height, (int)bit_depth,
                 color_types[channels - 1], PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (bit_depth == 16 && is_little_endian()) png_set_swap(png);
    for (row = 0; row < height; row++)
        png_write_row(png, (png_const_bytep)pixels + row * row_bytes);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return CCODECS_OK;
}

int ccodecs_png_encode(const void *pixels, uint32_t width, uint32_t height,
                       uint32_t channels, uint32_t bit_depth,
                       ccodecs_buffer *output, char *message,
                       size_t message_size) {
    struct png_context context;
    int status;

    memset(&context, 0, sizeof context);
    output->data = NULL;
    output->size = 0;
    context.output = output;
    context.message = message;
    context.message_size = message_size;
    if (message_size > 0) message[0] = 0;
    if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16)) {
        snprintf(message, message_size,
                 "cannot encode %u channels of %u bits", channels, bit_depth);
        return CCODECS_UNSUPPORTED;
    }

    status = encode(&context, pixels, width, height, channels, bit_depth);
    if (status != CCODECS_OK) {
        free(output->data);
        output->data = NULL;
        output->size = 0;
    }
    return status;
}

void ccodecs_free(void *pointer) { free(pointer); }
