package com.example.weather;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plain Spring AI application: nothing here mentions otel-presets. The starter on the classpath
 * and {@code otel-presets.*} in {@code application.yaml} send its HTTP server spans, chat calls
 * and tool executions to every configured backend.
 */
@SpringBootApplication
public class WeatherApplication {

  public static void main(String[] args) {
    SpringApplication.run(WeatherApplication.class, args);
  }

  @RestController
  static class WeatherController {
    private final ChatClient chat;

    WeatherController(ChatClient.Builder chat) {
      this.chat = chat.build();
    }

    @GetMapping("/weather")
    String weather(@RequestParam String city) {
      return chat.prompt()
          .user("What is the weather in " + city + "?")
          .tools(new WeatherTools())
          .call()
          .content();
    }
  }

  static class WeatherTools {
    @Tool(description = "The current weather in a city")
    String currentWeather(@ToolParam(description = "the city") String city) {
      return "sunny, 21 degrees in " + city;
    }
  }
}
