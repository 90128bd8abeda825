// librubberband: time-stretching with the pitch kept (the chart editor's slow playback).
#pragma once
#include <rubberband/rubberband-c.h>
