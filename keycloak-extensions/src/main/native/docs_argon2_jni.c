/*
 * JNI entry of NativeArgon2Engine: one Argon2 hash by the reference library's optimised (SIMD) code.
 * Inputs are copied out of the Java arrays (no critical region: a hash takes milliseconds and must not hold
 * off the garbage collector), and the password copy is wiped before returning.
 */
#include <jni.h>
#include <stdlib.h>
#include <string.h>

#include "argon2.h"

static void wipe(void *p, size_t n) {
    volatile unsigned char *v = p;
    while (n--) *v++ = 0;
}

JNIEXPORT jint JNICALL Java_dev_docsauth_keycloak_argon2_NativeArgon2Engine_hash0(
        JNIEnv *env, jclass cls, jint type, jint version, jint iterations, jint memoryKiB, jint parallelism,
        jbyteArray password, jbyteArray salt, jbyteArray out) {
    (void) cls;
    jsize pwdLen = (*env)->GetArrayLength(env, password);
    jsize saltLen = (*env)->GetArrayLength(env, salt);
    jsize outLen = (*env)->GetArrayLength(env, out);
    unsigned char *pwd = malloc(pwdLen > 0 ? (size_t) pwdLen : 1);
    unsigned char *s = malloc(saltLen > 0 ? (size_t) saltLen : 1);
    unsigned char *o = malloc(outLen > 0 ? (size_t) outLen : 1);
    int rc = ARGON2_MEMORY_ALLOCATION_ERROR;
    if (pwd != NULL && s != NULL && o != NULL) {
        (*env)->GetByteArrayRegion(env, password, 0, pwdLen, (jbyte *) pwd);
        (*env)->GetByteArrayRegion(env, salt, 0, saltLen, (jbyte *) s);
        argon2_context ctx;
        memset(&ctx, 0, sizeof ctx);
        ctx.out = o;
        ctx.outlen = (uint32_t) outLen;
        ctx.pwd = pwd;
        ctx.pwdlen = (uint32_t) pwdLen;
        ctx.salt = s;
        ctx.saltlen = (uint32_t) saltLen;
        ctx.t_cost = (uint32_t) iterations;
        ctx.m_cost = (uint32_t) memoryKiB;
        ctx.lanes = (uint32_t) parallelism;
        ctx.threads = (uint32_t) parallelism;
        ctx.version = (uint32_t) version;
        ctx.flags = ARGON2_DEFAULT_FLAGS;
        rc = argon2_ctx(&ctx, (argon2_type) type);
        if (rc == ARGON2_OK) {
            (*env)->SetByteArrayRegion(env, out, 0, outLen, (const jbyte *) o);
        }
        wipe(o, (size_t) outLen);
    }
    if (pwd != NULL) {
        wipe(pwd, (size_t) pwdLen);
    }
    free(pwd);
    free(s);
    free(o);
    return rc;
}

JNIEXPORT jstring JNICALL Java_dev_docsauth_keycloak_argon2_NativeArgon2Engine_errorMessage0(
        JNIEnv *env, jclass cls, jint code) {
    (void) cls;
    return (*env)->NewStringUTF(env, argon2_error_message(code));
}
