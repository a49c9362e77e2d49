#ifndef CCODECS_H
#define CCODECS_H
#include <stddef.h>
/// Placeholder until the codec shim lands.
int ccodecs_version(void);
#endif
