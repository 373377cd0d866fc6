;; The Emacs flycheck set-up of docs/usage.md (@CLANG_TIDY@ and @PLUGIN@ are
;; filled in by the test), then a harness: check the file named on the
;; command line, wait for the checker, print what flycheck shows.
(require 'flycheck)
(flycheck-define-checker c/c++-ft-tidy
  "clang-tidy with the ft-tidy plugin (freethreading-* checks)."
  :command ("@CLANG_TIDY@"
            "--load=@PLUGIN@"
            "--checks=-*,freethreading-*"
            "--quiet"
            source-original)
  :error-patterns
  ((error line-start (file-name) ":" line ":" column ": error: " (message) line-end)
   (warning line-start (file-name) ":" line ":" column ": warning: " (message) line-end)
   (info line-start (file-name) ":" line ":" column ": note: " (message) line-end))
  :modes (c-mode c++-mode)
  :predicate flycheck-buffer-saved-p)
(add-to-list 'flycheck-checkers 'c/c++-ft-tidy)

(find-file (car command-line-args-left))
(setq command-line-args-left nil)
(setq-local flycheck-checker 'c/c++-ft-tidy)
(flycheck-mode 1)
(flycheck-buffer)
(let ((deadline (+ (float-time) 60)))
  (while (and (flycheck-running-p) (< (float-time) deadline))
    (accept-process-output nil 0.1)))
(dolist (err flycheck-current-errors)
  (princ (format "%s:%s:%s: %s: %s\n"
                 (file-name-nondirectory (or (flycheck-error-filename err) "?"))
                 (flycheck-error-line err) (flycheck-error-column err)
                 (flycheck-error-level err) (flycheck-error-message err))))
(princ (format "status: %s\n" flycheck-last-status-change))
