/* urio/urio.h - the umbrella header: everything the urio library offers.
 * The command-line tool includes only this file. */
#ifndef URIO_URIO_H
#define URIO_URIO_H

#define URIO_VERSION "0.1.0"

#include <urio/batch.h>
#include <urio/cge.h>
#include <urio/family.h>
#include <urio/formats.h>
#include <urio/io.h>
#include <urio/io_analyses.h>
#include <urio/io_footprints.h>
#include <urio/io_regionalise.h>
#include <urio/linalg.h>
#include <urio/newton.h>
#include <urio/run.h>
#include <urio/status.h>
#include <urio/table.h>

#endif
