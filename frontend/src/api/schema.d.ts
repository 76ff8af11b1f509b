/**
 * Generated from docs/api/openapi.json by openapi-typescript. Do not edit: run `npm run docs:api`.
 */

export type paths = {
    "/api/auth/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys (no secrets) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                id: string;
                                lastUsedAt: string | null;
                                name: string;
                                ownerId: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an API key (the key is shown only in this answer) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            id: string;
                            key: string;
                            lastUsedAt: string | null;
                            name: string;
                            ownerId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One API key (no secret) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            id: string;
                            lastUsedAt: string | null;
                            name: string;
                            ownerId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessToken: string;
                            expiresIn: number;
                            refreshToken: string;
                            user: {
                                createdAt: string;
                                disabled: boolean;
                                id: string;
                                locale?: string;
                                /** @enum {string} */
                                role: "admin" | "user";
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the sign-in this refresh token belongs to */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The refresh token; the web UI leaves it out and sends its httpOnly cookie instead */
                        refreshToken?: string;
                    } | null;
                };
            };
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                createdAt: string;
                                disabled: boolean;
                                id: string;
                                locale?: string;
                                /** @enum {string} */
                                role: "admin" | "user";
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update the signed-in user’s preferences (the UI language) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string|null} */
                        locale: "en" | "zh-CN" | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                createdAt: string;
                                disabled: boolean;
                                id: string;
                                locale?: string;
                                /** @enum {string} */
                                role: "admin" | "user";
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the password (ends every other sign-in) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessToken: string;
                            expiresIn: number;
                            refreshToken: string;
                            user: {
                                createdAt: string;
                                disabled: boolean;
                                id: string;
                                locale?: string;
                                /** @enum {string} */
                                role: "admin" | "user";
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a refresh token for a new pair */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The refresh token; the web UI leaves it out and sends its httpOnly cookie instead */
                        refreshToken?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accessToken: string;
                            expiresIn: number;
                            refreshToken: string;
                            user: {
                                createdAt: string;
                                disabled: boolean;
                                id: string;
                                locale?: string;
                                /** @enum {string} */
                                role: "admin" | "user";
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account (the first one becomes admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                createdAt: string;
                                disabled: boolean;
                                id: string;
                                locale?: string;
                                /** @enum {string} */
                                role: "admin" | "user";
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the hub has users yet (first-run screen) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            hasUsers: boolean;
                            openRegistration: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Interactive API documentation (Swagger UI) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/html */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/downloads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List downloads, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "queued" | "running" | "completed" | "failed" | "canceled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                error?: {
                                    code: string;
                                    message: string;
                                    retryable: boolean;
                                };
                                fileIds: string[];
                                finishedAt: string | null;
                                id: string;
                                /** @enum {string} */
                                kind: "profile" | "post" | "reel" | "story" | "highlight" | "direct" | "site";
                                progress: {
                                    bytesDone: number;
                                    bytesTotal: number;
                                    filesDone: number;
                                    filesTotal: number;
                                    /**
                                     * @description While running: "scanning" until the whole profile is listed (files already arrive), then "transferring"
                                     * @enum {string}
                                     */
                                    phase?: "scanning" | "transferring";
                                    /** @description Posts found by the listing so far */
                                    scanned?: number;
                                };
                                /** @enum {string} */
                                status: "queued" | "running" | "completed" | "failed" | "canceled";
                                url: string;
                                /** @description while Instagram pushes back (rate limit): when the download resumes by itself (ISO time); else null */
                                waitingUntil: string | null;
                                /** @description what the download could not get and why, e.g. LOGIN_REQUIRED_FOR_MORE: a session would fetch the rest */
                                warnings: {
                                    code: string;
                                    message: string;
                                }[];
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Start a download of an Instagram URL or a direct file URL */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description List the whole profile again. Without it, a profile this user archived completely before is synced incrementally (new posts only) */
                        full?: boolean;
                        include?: ("posts" | "reels" | "stories" | "highlights" | "tagged")[];
                        limit?: number;
                        /** Format: uuid */
                        sessionId?: string;
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            error?: {
                                code: string;
                                message: string;
                                retryable: boolean;
                            };
                            fileIds: string[];
                            finishedAt: string | null;
                            id: string;
                            /** @enum {string} */
                            kind: "profile" | "post" | "reel" | "story" | "highlight" | "direct" | "site";
                            progress: {
                                bytesDone: number;
                                bytesTotal: number;
                                filesDone: number;
                                filesTotal: number;
                                /**
                                 * @description While running: "scanning" until the whole profile is listed (files already arrive), then "transferring"
                                 * @enum {string}
                                 */
                                phase?: "scanning" | "transferring";
                                /** @description Posts found by the listing so far */
                                scanned?: number;
                            };
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed" | "canceled";
                            url: string;
                            /** @description while Instagram pushes back (rate limit): when the download resumes by itself (ISO time); else null */
                            waitingUntil: string | null;
                            /** @description what the download could not get and why, e.g. LOGIN_REQUIRED_FOR_MORE: a session would fetch the rest */
                            warnings: {
                                code: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/downloads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One download with its progress and files */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            error?: {
                                code: string;
                                message: string;
                                retryable: boolean;
                            };
                            fileIds: string[];
                            finishedAt: string | null;
                            id: string;
                            /** @enum {string} */
                            kind: "profile" | "post" | "reel" | "story" | "highlight" | "direct" | "site";
                            progress: {
                                bytesDone: number;
                                bytesTotal: number;
                                filesDone: number;
                                filesTotal: number;
                                /**
                                 * @description While running: "scanning" until the whole profile is listed (files already arrive), then "transferring"
                                 * @enum {string}
                                 */
                                phase?: "scanning" | "transferring";
                                /** @description Posts found by the listing so far */
                                scanned?: number;
                            };
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed" | "canceled";
                            url: string;
                            /** @description while Instagram pushes back (rate limit): when the download resumes by itself (ISO time); else null */
                            waitingUntil: string | null;
                            /** @description what the download could not get and why, e.g. LOGIN_REQUIRED_FOR_MORE: a session would fetch the rest */
                            warnings: {
                                code: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/downloads/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a queued or running download */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            error?: {
                                code: string;
                                message: string;
                                retryable: boolean;
                            };
                            fileIds: string[];
                            finishedAt: string | null;
                            id: string;
                            /** @enum {string} */
                            kind: "profile" | "post" | "reel" | "story" | "highlight" | "direct" | "site";
                            progress: {
                                bytesDone: number;
                                bytesTotal: number;
                                filesDone: number;
                                filesTotal: number;
                                /**
                                 * @description While running: "scanning" until the whole profile is listed (files already arrive), then "transferring"
                                 * @enum {string}
                                 */
                                phase?: "scanning" | "transferring";
                                /** @description Posts found by the listing so far */
                                scanned?: number;
                            };
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed" | "canceled";
                            url: string;
                            /** @description while Instagram pushes back (rate limit): when the download resumes by itself (ISO time); else null */
                            waitingUntil: string | null;
                            /** @description what the download could not get and why, e.g. LOGIN_REQUIRED_FOR_MORE: a session would fetch the rest */
                            warnings: {
                                code: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/downloads/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a failed or canceled download again (completed items are kept) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            error?: {
                                code: string;
                                message: string;
                                retryable: boolean;
                            };
                            fileIds: string[];
                            finishedAt: string | null;
                            id: string;
                            /** @enum {string} */
                            kind: "profile" | "post" | "reel" | "story" | "highlight" | "direct" | "site";
                            progress: {
                                bytesDone: number;
                                bytesTotal: number;
                                filesDone: number;
                                filesTotal: number;
                                /**
                                 * @description While running: "scanning" until the whole profile is listed (files already arrive), then "transferring"
                                 * @enum {string}
                                 */
                                phase?: "scanning" | "transferring";
                                /** @description Posts found by the listing so far */
                                scanned?: number;
                            };
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed" | "canceled";
                            url: string;
                            /** @description while Instagram pushes back (rate limit): when the download resumes by itself (ISO time); else null */
                            waitingUntil: string | null;
                            /** @description what the download could not get and why, e.g. LOGIN_REQUIRED_FOR_MORE: a session would fetch the rest */
                            warnings: {
                                code: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/downloads/retry-failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue all of the caller's failed downloads again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ids: string[];
                            retried: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live events for the caller (Server-Sent Events; ?token= accepted) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List and search your files */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    /** @description earliest date (YYYY-MM-DD or ISO date-time), inclusive */
                    from?: string;
                    /** @description only these files (comma-separated ids, at most 200), e.g. the fileIds of one download */
                    ids?: string;
                    limit?: number;
                    /** @description the source platform: instagram, direct, or the yt-dlp extractor (youtube, vimeo, generic...) */
                    platform?: string;
                    /** @description words to find in names, captions and authors (prefix match, all words) */
                    q?: string;
                    /** @description newest/oldest by publication date, stored: newest arrival first, name A→Z, size largest first */
                    sort?: "newest" | "oldest" | "stored" | "name" | "size";
                    /** @description latest date (YYYY-MM-DD inclusive, or an exact ISO date-time) */
                    to?: string;
                    type?: "image" | "video" | "audio" | "other";
                    /** @description the source account, e.g. an Instagram username */
                    username?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                /** @default [] */
                                derivedFrom: string[];
                                duration?: number | null;
                                hasThumbnail: boolean;
                                height?: number | null;
                                id: string;
                                mime: string;
                                name: string;
                                origin: {
                                    id?: string | null;
                                    /** @enum {string} */
                                    kind: "download" | "upload" | "video-job";
                                };
                                ownerId: string;
                                sha256: string;
                                size: number;
                                source?: {
                                    caption?: string | null;
                                    code?: string | null;
                                    fullName?: string | null;
                                    mediaId?: string | null;
                                    platform: string;
                                    takenAt?: string | null;
                                    url?: string | null;
                                    username?: string | null;
                                } | null;
                                /** @enum {string} */
                                type: "image" | "video" | "audio" | "other";
                                width?: number | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Upload a media file (multipart/form-data, one file part) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            file: {
                                createdAt: string;
                                /** @default [] */
                                derivedFrom: string[];
                                duration?: number | null;
                                hasThumbnail: boolean;
                                height?: number | null;
                                id: string;
                                mime: string;
                                name: string;
                                origin: {
                                    id?: string | null;
                                    /** @enum {string} */
                                    kind: "download" | "upload" | "video-job";
                                };
                                ownerId: string;
                                sha256: string;
                                size: number;
                                source?: {
                                    caption?: string | null;
                                    code?: string | null;
                                    fullName?: string | null;
                                    mediaId?: string | null;
                                    platform: string;
                                    takenAt?: string | null;
                                    url?: string | null;
                                    username?: string | null;
                                } | null;
                                /** @enum {string} */
                                type: "image" | "video" | "audio" | "other";
                                width?: number | null;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/files/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One file */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            file: {
                                createdAt: string;
                                /** @default [] */
                                derivedFrom: string[];
                                duration?: number | null;
                                hasThumbnail: boolean;
                                height?: number | null;
                                id: string;
                                mime: string;
                                name: string;
                                origin: {
                                    id?: string | null;
                                    /** @enum {string} */
                                    kind: "download" | "upload" | "video-job";
                                };
                                ownerId: string;
                                sha256: string;
                                size: number;
                                source?: {
                                    caption?: string | null;
                                    code?: string | null;
                                    fullName?: string | null;
                                    mediaId?: string | null;
                                    platform: string;
                                    takenAt?: string | null;
                                    url?: string | null;
                                    username?: string | null;
                                } | null;
                                /** @enum {string} */
                                type: "image" | "video" | "audio" | "other";
                                width?: number | null;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a file, its sidecar and thumbnail */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/files/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The file's bytes (HTTP Range, ETag, ?download=1 for an attachment) */
        get: {
            parameters: {
                query?: {
                    /** @description 1: send as an attachment (Save as…) */
                    download?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /** The file's bytes (HTTP Range, ETag, ?download=1 for an attachment) */
        head: {
            parameters: {
                query?: {
                    /** @description 1: send as an attachment (Save as…) */
                    download?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        patch?: never;
        trace?: never;
    };
    "/api/files/{id}/thumbnail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A small preview image (made on first request for images; posters for videos) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /** A small preview image (made on first request for images; posters for videos) */
        head: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        patch?: never;
        trace?: never;
    };
    "/api/files/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Download several files as one ZIP (streamed) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/files/platforms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The platforms your files came from (for the platform filter) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the platforms your files came from, most files first */
                            platforms: {
                                /** @description how many of your files came from it */
                                count: number;
                                /** @description instagram, direct, or the yt-dlp extractor (lower-case), e.g. generic */
                                platform: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Overall health and each service's state */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The overall state and each service's */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            services: {
                                [key: string]: "ok" | "unavailable";
                            };
                            /** @enum {string} */
                            status: "ok" | "degraded" | "unavailable";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/instagram/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List linked Instagram sessions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                id: string;
                                lastCheckedAt: string | null;
                                ownerId: string;
                                /** @enum {string} */
                                status: "active" | "expired" | "unverified";
                                statusReason: string | null;
                                username: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Link an Instagram session ({sessionid} or {cookies: cookies.txt text}) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        sessionid: string;
                    } | {
                        cookies: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            id: string;
                            lastCheckedAt: string | null;
                            ownerId: string;
                            /** @enum {string} */
                            status: "active" | "expired" | "unverified";
                            statusReason: string | null;
                            username: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/instagram/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One linked Instagram session */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            id: string;
                            lastCheckedAt: string | null;
                            ownerId: string;
                            /** @enum {string} */
                            status: "active" | "expired" | "unverified";
                            statusReason: string | null;
                            username: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Unlink an Instagram session */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/instagram/sessions/{id}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check the session against Instagram now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            id: string;
                            lastCheckedAt: string | null;
                            ownerId: string;
                            /** @enum {string} */
                            status: "active" | "expired" | "unverified";
                            statusReason: string | null;
                            username: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/instagram/sessions/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Link an Instagram session from an uploaded cookies.txt or Firefox cookies.sqlite (multipart field "file") */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            id: string;
                            lastCheckedAt: string | null;
                            ownerId: string;
                            /** @enum {string} */
                            status: "active" | "expired" | "unverified";
                            statusReason: string | null;
                            username: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery log, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    targetId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attempts: number;
                                /** @description ISO 8601 date-time */
                                createdAt: string;
                                /** @enum {string} */
                                event: "media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low" | "test";
                                /** @description Status of the last answer (HTTP targets) */
                                httpStatus?: number;
                                id: string;
                                lastError?: string;
                                /** @enum {string} */
                                status: "pending" | "delivered" | "failed";
                                targetId: string;
                                /** @description ISO 8601 date-time */
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List notification targets */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description ISO 8601 date-time */
                                createdAt: string;
                                events: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                                /** @description A secret (signing secret, token, password, secret URL) is stored; never shown */
                                hasSecret: boolean;
                                id: string;
                                name: string;
                                ownerId: string;
                                /** @description The type's other non-secret fields (chatId, apiUrl, host, port, from, to…) */
                                settings: {
                                    [key: string]: string | number | boolean;
                                };
                                /** @enum {string} */
                                type: "webhook" | "ntfy" | "gotify" | "discord" | "slack" | "telegram" | "email";
                                /** @description ISO 8601 date-time */
                                updatedAt: string;
                                /** @description Where messages go (not for discord/slack, whose URL is the secret) */
                                url?: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a notification target (webhook, ntfy, gotify, discord, slack, telegram, email) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Events this target receives (default all; disk.low for admins only) */
                        events?: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                        /** @description Label shown in lists (default: the type and host) */
                        name?: string;
                        /** @enum {string} */
                        type: "webhook";
                        /**
                         * Format: uri
                         * @description The address to POST the JSON event to
                         */
                        url: string;
                    } | {
                        /** @description Events this target receives (default all; disk.low for admins only) */
                        events?: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                        /** @description Label shown in lists (default: the type and host) */
                        name?: string;
                        /** @description Access token (secret) */
                        token?: string;
                        /** @enum {string} */
                        type: "ntfy";
                        /**
                         * Format: uri
                         * @description The topic URL, e.g. https://ntfy.sh/my-topic
                         */
                        url: string;
                    } | {
                        /** @description Events this target receives (default all; disk.low for admins only) */
                        events?: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                        /** @description Label shown in lists (default: the type and host) */
                        name?: string;
                        /** @description Application token (secret) */
                        token: string;
                        /** @enum {string} */
                        type: "gotify";
                        /**
                         * Format: uri
                         * @description The Gotify server URL
                         */
                        url: string;
                    } | {
                        /** @description Events this target receives (default all; disk.low for admins only) */
                        events?: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                        /** @description Label shown in lists (default: the type and host) */
                        name?: string;
                        /** @enum {string} */
                        type: "discord";
                        /**
                         * Format: uri
                         * @description The Discord webhook URL (secret)
                         */
                        url: string;
                    } | {
                        /** @description Events this target receives (default all; disk.low for admins only) */
                        events?: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                        /** @description Label shown in lists (default: the type and host) */
                        name?: string;
                        /** @enum {string} */
                        type: "slack";
                        /**
                         * Format: uri
                         * @description The Slack incoming-webhook URL (secret)
                         */
                        url: string;
                    } | {
                        /**
                         * Format: uri
                         * @description The Telegram Bot API base URL
                         * @default https://api.telegram.org
                         */
                        apiUrl?: string;
                        /** @description Bot token from @BotFather (secret) */
                        botToken: string;
                        chatId: string | number;
                        /** @description Events this target receives (default all; disk.low for admins only) */
                        events?: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                        /** @description Label shown in lists (default: the type and host) */
                        name?: string;
                        /** @enum {string} */
                        type: "telegram";
                    } | {
                        /** @description Events this target receives (default all; disk.low for admins only) */
                        events?: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                        /** Format: email */
                        from: string;
                        /** @description SMTP server */
                        host: string;
                        /** @description Label shown in lists (default: the type and host) */
                        name?: string;
                        /** @description (secret) */
                        password?: string;
                        /** @default 587 */
                        port?: number;
                        /**
                         * @description TLS from the start (port 465); otherwise STARTTLS when offered
                         * @default false
                         */
                        secure?: boolean;
                        /** Format: email */
                        to: string;
                        /** @enum {string} */
                        type: "email";
                        username?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO 8601 date-time */
                            createdAt: string;
                            events: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                            /** @description A secret (signing secret, token, password, secret URL) is stored; never shown */
                            hasSecret: boolean;
                            id: string;
                            name: string;
                            ownerId: string;
                            /** @description Webhooks: the HMAC-SHA256 signing secret. Shown in this answer only; store it now. */
                            secret?: string;
                            /** @description The type's other non-secret fields (chatId, apiUrl, host, port, from, to…) */
                            settings: {
                                [key: string]: string | number | boolean;
                            };
                            /** @enum {string} */
                            type: "webhook" | "ntfy" | "gotify" | "discord" | "slack" | "telegram" | "email";
                            /** @description ISO 8601 date-time */
                            updatedAt: string;
                            /** @description Where messages go (not for discord/slack, whose URL is the secret) */
                            url?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/targets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One notification target */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO 8601 date-time */
                            createdAt: string;
                            events: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                            /** @description A secret (signing secret, token, password, secret URL) is stored; never shown */
                            hasSecret: boolean;
                            id: string;
                            name: string;
                            ownerId: string;
                            /** @description The type's other non-secret fields (chatId, apiUrl, host, port, from, to…) */
                            settings: {
                                [key: string]: string | number | boolean;
                            };
                            /** @enum {string} */
                            type: "webhook" | "ntfy" | "gotify" | "discord" | "slack" | "telegram" | "email";
                            /** @description ISO 8601 date-time */
                            updatedAt: string;
                            /** @description Where messages go (not for discord/slack, whose URL is the secret) */
                            url?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove a notification target (and its delivery log) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Edit a notification target */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description Change the name, the events or any of the type's fields */
            requestBody: {
                content: {
                    "application/json": {
                        apiUrl?: string;
                        botToken?: string;
                        chatId?: string | number;
                        /** @description Events this target receives (default all; disk.low for admins only) */
                        events?: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                        from?: string;
                        host?: string;
                        /** @description Label shown in lists (default: the type and host) */
                        name?: string;
                        password?: string;
                        port?: number;
                        secure?: boolean;
                        to?: string;
                        token?: string;
                        url?: string;
                        username?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO 8601 date-time */
                            createdAt: string;
                            events: ("media.new" | "download.failed" | "subscription.failed" | "session.expired" | "disk.low")[];
                            /** @description A secret (signing secret, token, password, secret URL) is stored; never shown */
                            hasSecret: boolean;
                            id: string;
                            name: string;
                            ownerId: string;
                            /** @description The type's other non-secret fields (chatId, apiUrl, host, port, from, to…) */
                            settings: {
                                [key: string]: string | number | boolean;
                            };
                            /** @enum {string} */
                            type: "webhook" | "ntfy" | "gotify" | "discord" | "slack" | "telegram" | "email";
                            /** @description ISO 8601 date-time */
                            updatedAt: string;
                            /** @description Where messages go (not for discord/slack, whose URL is the secret) */
                            url?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/notifications/targets/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test notification (see the delivery log for the outcome) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveryId: string;
                            /** @enum {string} */
                            status: "pending";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI document */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OpenAPI 3 document */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List subscriptions */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                consecutiveFailures: number;
                                /** @description ISO 8601 date-time */
                                createdAt: string;
                                enabled: boolean;
                                flagged: boolean;
                                /** @description ISO 8601 date-time */
                                flaggedAt: string | null;
                                flaggedReason: string | null;
                                id: string;
                                include: ("posts" | "reels" | "stories" | "highlights" | "tagged")[];
                                /**
                                 * @description instagram: a profile; site: a page of another site (yt-dlp)
                                 * @enum {string}
                                 */
                                kind: "instagram" | "site";
                                /** @description ISO 8601 date-time */
                                lastRunAt: string | null;
                                /** @description Null while disabled or paused */
                                nextRunAt: string | null;
                                ownerId: string;
                                /** @description ISO 8601 date-time */
                                pausedAt: string | null;
                                pausedReason: string | null;
                                /** @description The page each run syncs (the Instagram profile or the site page) */
                                profileUrl: string;
                                schedule: {
                                    cron?: string;
                                    every?: string;
                                    timezone?: string;
                                };
                                sessionId: string | null;
                                /** @enum {string} */
                                state: "active" | "disabled" | "paused";
                                /** @description The Instagram username, or the page URL of a site subscription */
                                target: string;
                                /** @description ISO 8601 date-time */
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Subscribe to an Instagram profile or a channel, playlist or profile page of another site */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default true */
                        enabled?: boolean;
                        /** @description Instagram only: the parts to sync, default ["posts"]; a site page is synced as a whole */
                        include?: ("posts" | "reels" | "stories" | "highlights" | "tagged")[];
                        schedule: {
                            /** @description Cron expression, 5 fields (or 6 with seconds), e.g. "0 *\/6 * * *" */
                            cron?: string;
                            /** @description Interval: a whole number and a unit s, m, h or d ("6h") */
                            every?: string;
                            /** @description IANA time zone of the cron expression (default UTC) */
                            timezone?: string;
                        };
                        /** Format: uuid */
                        sessionId?: string | null;
                        /** @description Instagram username ("natgeo") or profile URL ("https://www.instagram.com/natgeo/"), or the http(s) URL of a channel, playlist or profile page of another site (read by yt-dlp) */
                        target: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            consecutiveFailures: number;
                            /** @description ISO 8601 date-time */
                            createdAt: string;
                            enabled: boolean;
                            flagged: boolean;
                            /** @description ISO 8601 date-time */
                            flaggedAt: string | null;
                            flaggedReason: string | null;
                            id: string;
                            include: ("posts" | "reels" | "stories" | "highlights" | "tagged")[];
                            /**
                             * @description instagram: a profile; site: a page of another site (yt-dlp)
                             * @enum {string}
                             */
                            kind: "instagram" | "site";
                            /** @description ISO 8601 date-time */
                            lastRunAt: string | null;
                            /** @description Null while disabled or paused */
                            nextRunAt: string | null;
                            ownerId: string;
                            /** @description ISO 8601 date-time */
                            pausedAt: string | null;
                            pausedReason: string | null;
                            /** @description What Instagram said about the profile at creation. "unchecked": Instagram could not be asked (rate limit, network); the subscription was kept and its first run will tell. */
                            profileCheck: {
                                message: string | null;
                                /** @enum {string} */
                                status: "found" | "private" | "unchecked";
                            };
                            /** @description The page each run syncs (the Instagram profile or the site page) */
                            profileUrl: string;
                            schedule: {
                                cron?: string;
                                every?: string;
                                timezone?: string;
                            };
                            sessionId: string | null;
                            /** @enum {string} */
                            state: "active" | "disabled" | "paused";
                            /** @description The Instagram username, or the page URL of a site subscription */
                            target: string;
                            /** @description ISO 8601 date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One subscription */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            consecutiveFailures: number;
                            /** @description ISO 8601 date-time */
                            createdAt: string;
                            enabled: boolean;
                            flagged: boolean;
                            /** @description ISO 8601 date-time */
                            flaggedAt: string | null;
                            flaggedReason: string | null;
                            id: string;
                            include: ("posts" | "reels" | "stories" | "highlights" | "tagged")[];
                            /**
                             * @description instagram: a profile; site: a page of another site (yt-dlp)
                             * @enum {string}
                             */
                            kind: "instagram" | "site";
                            /** @description ISO 8601 date-time */
                            lastRunAt: string | null;
                            /** @description Null while disabled or paused */
                            nextRunAt: string | null;
                            ownerId: string;
                            /** @description ISO 8601 date-time */
                            pausedAt: string | null;
                            pausedReason: string | null;
                            /** @description The page each run syncs (the Instagram profile or the site page) */
                            profileUrl: string;
                            schedule: {
                                cron?: string;
                                every?: string;
                                timezone?: string;
                            };
                            sessionId: string | null;
                            /** @enum {string} */
                            state: "active" | "disabled" | "paused";
                            /** @description The Instagram username, or the page URL of a site subscription */
                            target: string;
                            /** @description ISO 8601 date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Unsubscribe (the archived files stay) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Edit (and thereby resume) a subscription */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description Any change also resumes a paused subscription and clears its failure flag */
            requestBody: {
                content: {
                    "application/json": {
                        enabled?: boolean;
                        include?: ("posts" | "reels" | "stories" | "highlights" | "tagged")[];
                        /**
                         * @description Clear a pause (session expired) and the failure flag without other changes
                         * @enum {boolean}
                         */
                        resume?: true;
                        schedule?: {
                            /** @description Cron expression, 5 fields (or 6 with seconds), e.g. "0 *\/6 * * *" */
                            cron?: string;
                            /** @description Interval: a whole number and a unit s, m, h or d ("6h") */
                            every?: string;
                            /** @description IANA time zone of the cron expression (default UTC) */
                            timezone?: string;
                        };
                        /** Format: uuid */
                        sessionId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            consecutiveFailures: number;
                            /** @description ISO 8601 date-time */
                            createdAt: string;
                            enabled: boolean;
                            flagged: boolean;
                            /** @description ISO 8601 date-time */
                            flaggedAt: string | null;
                            flaggedReason: string | null;
                            id: string;
                            include: ("posts" | "reels" | "stories" | "highlights" | "tagged")[];
                            /**
                             * @description instagram: a profile; site: a page of another site (yt-dlp)
                             * @enum {string}
                             */
                            kind: "instagram" | "site";
                            /** @description ISO 8601 date-time */
                            lastRunAt: string | null;
                            /** @description Null while disabled or paused */
                            nextRunAt: string | null;
                            ownerId: string;
                            /** @description ISO 8601 date-time */
                            pausedAt: string | null;
                            pausedReason: string | null;
                            /** @description The page each run syncs (the Instagram profile or the site page) */
                            profileUrl: string;
                            schedule: {
                                cron?: string;
                                every?: string;
                                timezone?: string;
                            };
                            sessionId: string | null;
                            /** @enum {string} */
                            state: "active" | "disabled" | "paused";
                            /** @description The Instagram username, or the page URL of a site subscription */
                            target: string;
                            /** @description ISO 8601 date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/subscriptions/{id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sync the profile or page now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            downloadId: string;
                            runId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/subscriptions/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Run history, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                downloadId: string | null;
                                error: {
                                    code: string;
                                    message: string;
                                } | null;
                                /** @description ISO 8601 date-time */
                                finishedAt: string | null;
                                id: string;
                                newFiles: number | null;
                                /** @description ISO 8601 date-time */
                                scheduledFor: string | null;
                                /** @description ISO 8601 date-time */
                                startedAt: string;
                                /** @enum {string} */
                                status: "pending" | "running" | "completed" | "failed" | "skipped";
                                subscriptionId: string;
                                /** @enum {string} */
                                trigger: "schedule" | "manual";
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness details and queue depths (admins) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Each service's readiness answer and the queues' job counts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Jobs per state (waiting, active, delayed, failed, completed); a state with no sample is absent. */
                            queues: {
                                [key: string]: {
                                    [key: string]: number;
                                };
                            };
                            services: {
                                [key: string]: {
                                    /** @enum {string} */
                                    status: "ok" | "unavailable";
                                } & {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                disabled: boolean;
                                id: string;
                                locale?: string;
                                /** @enum {string} */
                                role: "admin" | "user";
                                username: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        /**
                         * @default user
                         * @enum {string}
                         */
                        role?: "admin" | "user";
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                createdAt: string;
                                disabled: boolean;
                                id: string;
                                locale?: string;
                                /** @enum {string} */
                                role: "admin" | "user";
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Disable/enable a user or change their role */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        disabled?: boolean;
                        /** @enum {string} */
                        role?: "admin" | "user";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                createdAt: string;
                                disabled: boolean;
                                id: string;
                                locale?: string;
                                /** @enum {string} */
                                role: "admin" | "user";
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/videos/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List video jobs, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "queued" | "running" | "completed" | "failed" | "canceled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                cancelRequested: boolean;
                                createdAt: string;
                                error?: {
                                    code: string;
                                    message: string;
                                };
                                finishedAt: string | null;
                                id: string;
                                inputs: string[];
                                /** @enum {string} */
                                operation: "merge" | "transcode" | "thumbnail" | "extract-audio" | "trim" | "probe";
                                options: {
                                    [key: string]: unknown;
                                };
                                outputFileIds: string[];
                                ownerId: string;
                                progress: number;
                                result?: {
                                    [key: string]: unknown;
                                };
                                startedAt: string | null;
                                /** @enum {string} */
                                status: "queued" | "running" | "completed" | "failed" | "canceled";
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Start a video operation on library files */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        inputs: string[];
                        /** @enum {string} */
                        operation: "merge";
                        /** @default {} */
                        options?: {
                            photoDurationSec?: number;
                            /** @enum {string} */
                            resolution?: "1080p" | "720p" | "480p";
                        };
                    } | {
                        inputs: string[];
                        /** @enum {string} */
                        operation: "transcode";
                        options: {
                            crf?: number;
                            /** @enum {string} */
                            preset: "1080p" | "720p" | "480p";
                        };
                    } | {
                        inputs: string[];
                        /** @enum {string} */
                        operation: "thumbnail";
                        /** @default {} */
                        options?: {
                            atSec?: number;
                            sheet?: {
                                columns: number;
                                rows: number;
                            };
                        };
                    } | {
                        inputs: string[];
                        /** @enum {string} */
                        operation: "extract-audio";
                        options: {
                            /** @enum {string} */
                            format: "m4a" | "mp3";
                        };
                    } | {
                        inputs: string[];
                        /** @enum {string} */
                        operation: "trim";
                        options: {
                            endSec: number;
                            startSec: number;
                        };
                    } | {
                        inputs: string[];
                        /** @enum {string} */
                        operation: "probe";
                        /** @default {} */
                        options?: Record<string, never>;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed" | "canceled";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/videos/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One video job */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cancelRequested: boolean;
                            createdAt: string;
                            error?: {
                                code: string;
                                message: string;
                            };
                            finishedAt: string | null;
                            id: string;
                            inputs: string[];
                            /** @enum {string} */
                            operation: "merge" | "transcode" | "thumbnail" | "extract-audio" | "trim" | "probe";
                            options: {
                                [key: string]: unknown;
                            };
                            outputFileIds: string[];
                            ownerId: string;
                            progress: number;
                            result?: {
                                [key: string]: unknown;
                            };
                            startedAt: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed" | "canceled";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/videos/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a queued or running video job */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cancelRequested: boolean;
                            createdAt: string;
                            error?: {
                                code: string;
                                message: string;
                            };
                            finishedAt: string | null;
                            id: string;
                            inputs: string[];
                            /** @enum {string} */
                            operation: "merge" | "transcode" | "thumbnail" | "extract-audio" | "trim" | "probe";
                            options: {
                                [key: string]: unknown;
                            };
                            outputFileIds: string[];
                            ownerId: string;
                            progress: number;
                            result?: {
                                [key: string]: unknown;
                            };
                            startedAt: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed" | "canceled";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
