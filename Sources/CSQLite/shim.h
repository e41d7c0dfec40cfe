#ifndef ENCRYPTED_GATHER_CSQLITE_SHIM_H
#define ENCRYPTED_GATHER_CSQLITE_SHIM_H

#include <sqlite3.h>

#endif
