@echo off
rem Starts the event hub (bin\hub) or runs one of its commands (bin\hub token ..., bin\hub help).
rem Java: %JAVA_HOME%\bin\java.exe if JAVA_HOME is set, else java on the PATH; 17 or later.
setlocal
set "HUB_HOME=%~dp0.."

if defined JAVA_HOME (
  if not exist "%JAVA_HOME%\bin\java.exe" (
    echo hub: JAVA_HOME is set to "%JAVA_HOME%", but it has no bin\java.exe. 1>&2
    exit /b 1
  )
  set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  where java >nul 2>nul
  if errorlevel 1 (
    echo hub: no Java found: JAVA_HOME is not set and there is no java on the PATH. Install Java 17 or later. 1>&2
    exit /b 1
  )
  set "JAVA=java"
)

"%JAVA%" %HUB_JAVA_OPTS% -Dhub.home="%HUB_HOME%" -cp "%HUB_HOME%\lib\*" dev.eventhub.runtime.Launcher %*
exit /b %ERRORLEVEL%
