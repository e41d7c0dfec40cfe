#ifndef ENCRYPTED_GATHER_COPENSSL_SHIM_H
#define ENCRYPTED_GATHER_COPENSSL_SHIM_H

#include <openssl/evp.h>
#include <openssl/err.h>

#endif
